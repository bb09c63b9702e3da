using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>A plain pod kube-scheduler has marked Unschedulable, and waiting for the NodeClaim the provisioner makes for it.</summary>
internal static class UnschedulablePods
{
    public static async Task CreateAsync(k8s.Kubernetes client, string name, string cpu, string memory = "4Gi")
    {
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "main", Image = "busybox", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) } } }],
            },
        }, "default");
        var unschedulable = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = "no nodes" }),
            },
        };
        await client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(unschedulable), name, "default");
    }

    /// <summary>The first NodeClaim that matches, polled for 60 s at most.</summary>
    public static async Task<NodeClaimResource> WaitForClaimAsync(k8s.Kubernetes client, Func<NodeClaimResource, bool> wanted)
    {
        var store = new NodeClaimStore(client);
        NodeClaimResource? match = null;
        await Eventually.HoldsAsync(
            async () => (match = (await store.ListAsync((_, e) => throw e, CancellationToken.None)).FirstOrDefault(wanted)) is not null,
            "a matching NodeClaim",
            TimeSpan.FromSeconds(60));
        return match!;
    }
}
