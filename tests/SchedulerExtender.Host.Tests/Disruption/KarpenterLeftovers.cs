using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// What Karpenter's Alibaba Cloud provider leaves in a cluster that schedext takes over, as that
/// provider writes it: ECS instances tagged <c>karpenter.sh/managed-by=karpenter</c> plus the
/// claim's labels (no <c>schedext.io/*</c> tag), Nodes with providerID
/// <c>&lt;region&gt;.&lt;instance-id&gt;</c>, and NodeClaims with the <c>karpenter.sh/termination</c>
/// finalizer and Karpenter's hash annotations (<c>karpenter.sh/nodepool-hash</c> version v3,
/// <c>karpenter.sh/ecsnodeclass-hash</c> version v1) — not ours, whose node class key differs.
/// </summary>
internal static class KarpenterLeftovers
{
    /// <summary>Launches an instance as Karpenter would (same network and image as <paramref name="like"/>), without our tags.</summary>
    public static async Task<EmulatedInstance> LaunchInstanceAsync(DisruptionHarness h, EmulatedInstance like, string? nodeClaim)
    {
        using var http = new HttpClient();
        var ecs = new EcsClient(http, new StaticCredentialSource(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)),
            new EcsClientOptions { RegionId = like.RegionId, Endpoint = h.Ecs.BaseAddress });
        var tags = new Dictionary<string, string>
        {
            ["karpenter.sh/managed-by"] = "karpenter",
            [WellKnownLabels.NodePool] = like.Tags[WellKnownLabels.NodePool],
            [WellKnownLabels.CapacityType] = "on-demand",
        };
        if (nodeClaim is not null)
        {
            tags["karpenter.sh/nodeclaim"] = nodeClaim; // the provider's tag key, which is also ours
        }

        var id = await ecs.RunInstanceAsync(new RunInstancesRequest(like.ZoneId, like.InstanceType, like.ImageId, like.VSwitchId, like.SecurityGroupId,
            $"karpenter-{nodeClaim ?? Guid.NewGuid().ToString("N")}", SpotStrategy.NoSpot, tags, "cloud_essd", 40), CancellationToken.None);
        return h.Emulator.ListInstances().Single(i => i.InstanceId == id);
    }

    /// <summary>Karpenter's registered, initialized claim for <paramref name="instance"/> and its Ready Node, both two days old.</summary>
    public static async Task<string> AdoptedNodeAsync(DisruptionHarness h, EmulatedInstance instance, string claimName)
    {
        var providerId = $"{instance.RegionId}.{instance.InstanceId}";
        var pool = instance.Tags[WellKnownLabels.NodePool];
        var labels = new Dictionary<string, string>
        {
            [WellKnownLabels.NodePool] = pool,
            [WellKnownLabels.InstanceType] = instance.InstanceType,
            [WellKnownLabels.Zone] = instance.ZoneId,
            [WellKnownLabels.CapacityType] = "on-demand",
            ["kubernetes.io/hostname"] = instance.InstanceId,
        };
        await h.Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = providerId, Labels = labels },
            Spec = new V1NodeSpec { ProviderID = providerId },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }], Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("15Gi"), ["pods"] = new("110") } },
        });
        var since = h.Clock.GetUtcNow().AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["reason"] = type, ["message"] = "", ["lastTransitionTime"] = since };
        var labelJson = new JsonObject();
        foreach (var (key, value) in labels.Where(l => l.Key != "kubernetes.io/hostname"))
        {
            labelJson[key] = value;
        }

        var created = h.Api.Store.Create(KubeResources.NodeClaims, null, Claim(claimName, labelJson, "defaultnodeclass", "on-demand"));
        // As through the status subresource (a CRD's create ignores .status).
        created["status"] = new JsonObject
        {
            ["providerID"] = providerId,
            ["nodeName"] = providerId,
            ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16Gi", ["pods"] = "110" },
            ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "15Gi", ["pods"] = "110" },
            ["conditions"] = new JsonArray(Condition("Launched"), Condition("Registered"), Condition("Initialized"), Condition("Ready")),
        };
        h.Api.Store.Update(KubeResources.NodeClaims, null, claimName, created, statusOnly: true);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.ClaimCache.Claims.Any(c => c.Name == claimName && c.ProviderId == providerId) && h.Nodes.Items.Values.Any(n => n.Metadata.Name == providerId)),
            "the caches see Karpenter's claim and node");
        return providerId;
    }

    /// <summary>A NodeClaim as Karpenter's provider writes it (status set apart): its finalizer, its hash annotations, the node class and capacity type asked.</summary>
    public static JsonObject Claim(string name, JsonObject labels, string nodeClass, string capacityType) => new()
    {
        ["apiVersion"] = "karpenter.sh/v1",
        ["kind"] = "NodeClaim",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["finalizers"] = new JsonArray("karpenter.sh/termination"),
            ["labels"] = labels,
            ["annotations"] = new JsonObject
            {
                ["karpenter.sh/nodepool-hash"] = "6821555240594823858",
                ["karpenter.sh/nodepool-hash-version"] = "v3",
                ["karpenter.sh/ecsnodeclass-hash"] = "0123456789abcdef",
                ["karpenter.sh/ecsnodeclass-hash-version"] = "v1",
            },
        },
        ["spec"] = new JsonObject
        {
            ["nodeClassRef"] = new JsonObject { ["group"] = "karpenter.k8s.alibabacloud", ["kind"] = "ECSNodeClass", ["name"] = nodeClass },
            ["requirements"] = new JsonArray(new JsonObject { ["key"] = WellKnownLabels.CapacityType, ["operator"] = "In", ["values"] = new JsonArray(capacityType) }),
        },
    };
}
