using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// NodeClaim objects in Karpenter's <c>karpenter.sh/v1</c> shape. The claim's ask is written as
/// Karpenter writes it: spec.requirements (instance types In, cheapest first; capacity types In,
/// in the order to try; zones In; the pool), spec.resources.requests (the pods' sum) and, when the
/// pool sets one, spec.terminationGracePeriod (a Go duration, as Karpenter copies it from the pool).
/// </summary>
public static class NodeClaimJson
{
    public const string Group = "karpenter.sh";
    public const string Version = "v1";
    public const string Plural = "nodeclaims";

    private const string TerminationGracePeriodField = "terminationGracePeriod";

    /// <summary>
    /// A new claim for the pool: generateName <c>&lt;pool&gt;-</c>, our finalizer, the pool label,
    /// the hashes of the pool and its node class (when known), with their versions, that drift is
    /// later judged against, and the pool's terminationGracePeriod, which the drain deadline of
    /// this node keeps using whatever the pool says later.
    /// </summary>
    public static JsonObject New(NodeClaimSpec spec, NodePool pool, EcsNodeClass? nodeClass)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pool);
        var requirements = new JsonArray
        {
            Requirement(WellKnownLabels.NodePool, [pool.Name]),
            Requirement(WellKnownLabels.InstanceType, spec.InstanceTypes),
            Requirement(WellKnownLabels.CapacityType, [.. spec.CapacityTypes.Select(c => c.ToLabelValue())]),
        };
        if (spec.Zones.Count > 0)
        {
            requirements.Add(Requirement(WellKnownLabels.Zone, spec.Zones));
        }

        var annotations = new JsonObject();
        foreach (var (key, value) in NodeClaimHashes.Current(pool, nodeClass))
        {
            annotations[key] = value;
        }

        var claimSpec = new JsonObject
        {
            ["nodeClassRef"] = new JsonObject
            {
                ["group"] = pool.NodeClassRef.Group,
                ["kind"] = pool.NodeClassRef.Kind,
                ["name"] = pool.NodeClassRef.Name,
            },
            ["requirements"] = requirements,
            ["resources"] = new JsonObject { ["requests"] = Quantities(spec.Requests) },
            ["taints"] = Taints(pool.Taints),
            ["startupTaints"] = Taints(pool.StartupTaints),
        };
        if (pool.TerminationGracePeriod is { } gracePeriod)
        {
            // The CRD admits whole s/m/h only ("^([0-9]+(s|m|h))+$"); a pool read from a file may
            // say "1500ms", so a fraction of a second is rounded up rather than refused.
            claimSpec[TerminationGracePeriodField] = Durations.Format(TimeSpan.FromSeconds(Math.Ceiling(gracePeriod.TotalSeconds)));
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "NodeClaim",
            ["metadata"] = new JsonObject
            {
                ["generateName"] = pool.Name + "-",
                ["labels"] = new JsonObject { [WellKnownLabels.NodePool] = pool.Name },
                ["annotations"] = annotations,
                ["finalizers"] = new JsonArray(NodeClaimResource.TerminationFinalizer),
            },
            ["spec"] = claimSpec,
        };
    }

    /// <summary>Reads a NodeClaim; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static NodeClaimResource Parse(JsonObject claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var metadata = claim["metadata"] as JsonObject ?? throw new FormatException("NodeClaim has no metadata");
        var name = JsonStrings.AsString(metadata["name"]) ?? throw new FormatException("NodeClaim has no metadata.name");
        var spec = claim["spec"] as JsonObject ?? throw new FormatException($"NodeClaim {name} has no spec");
        var status = claim["status"] as JsonObject;
        var labels = Strings(metadata["labels"]);
        var values = (spec["requirements"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => JsonStrings.AsString(r["operator"]) == "In")
            .GroupBy(r => JsonStrings.AsString(r["key"]) ?? "")
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. (g.First()["values"] as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>()]);
        var pool = labels.GetValueOrDefault(WellKnownLabels.NodePool)
            ?? values.GetValueOrDefault(WellKnownLabels.NodePool)?.FirstOrDefault()
            ?? throw new FormatException($"NodeClaim {name} names no node pool");
        var nodeClassRef = spec["nodeClassRef"] as JsonObject;
        var gracePeriodNode = spec[TerminationGracePeriodField];
        var gracePeriodText = gracePeriodNode is null ? null : JsonStrings.AsString(gracePeriodNode) ?? gracePeriodNode.ToJsonString();
        var gracePeriodRead = Durations.TryParse(gracePeriodText ?? "", allowNever: false, out var gracePeriod);
        return new NodeClaimResource(
            name,
            DateTimeOffset.TryParse(JsonStrings.AsString(metadata["creationTimestamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : DateTimeOffset.MinValue,
            metadata["deletionTimestamp"] is not null,
            [.. (metadata["finalizers"] as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>()],
            labels,
            new NodeClassReference(JsonStrings.AsString(nodeClassRef?["group"]) ?? "", JsonStrings.AsString(nodeClassRef?["kind"]) ?? "", JsonStrings.AsString(nodeClassRef?["name"]) ?? ""),
            new NodeClaimSpec(
                pool,
                values.GetValueOrDefault(WellKnownLabels.InstanceType) ?? [],
                [.. (values.GetValueOrDefault(WellKnownLabels.CapacityType) ?? []).Select(CapacityTypes.FromLabelValue).OfType<CapacityType>()],
                values.GetValueOrDefault(WellKnownLabels.Zone) ?? [],
                Amounts(spec["resources"]?["requests"] as JsonObject) ?? ResourceAmounts.Zero),
            ReadTaints(spec["taints"]),
            ReadTaints(spec["startupTaints"]),
            JsonStrings.AsString(status?["providerID"]),
            JsonStrings.AsString(status?["nodeName"]),
            Amounts(status?["capacity"] as JsonObject),
            Amounts(status?["allocatable"] as JsonObject),
            [.. (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadCondition)])
        {
            Annotations = Strings(metadata["annotations"]),
            TerminationGracePeriod = gracePeriodRead ? gracePeriod : null,
            UnreadableTerminationGracePeriod = gracePeriodText is not null && !gracePeriodRead ? gracePeriodText : null,
        };
    }

    /// <summary>The status as a whole object (a merge patch replaces the conditions list, so it is always written whole).</summary>
    public static JsonObject Status(string? providerId, string? nodeName, string? imageId, ResourceAmounts? capacity, ResourceAmounts? allocatable, IEnumerable<NodeClaimCondition> conditions)
    {
        var status = new JsonObject();
        if (providerId is not null)
        {
            status["providerID"] = providerId;
        }

        if (nodeName is not null)
        {
            status["nodeName"] = nodeName;
        }

        if (imageId is not null)
        {
            status["imageID"] = imageId;
        }

        if (capacity is { } c)
        {
            status["capacity"] = Quantities(c);
        }

        if (allocatable is { } a)
        {
            status["allocatable"] = Quantities(a);
        }

        status["conditions"] = new JsonArray([.. conditions.Select(x => (JsonNode)new JsonObject
        {
            ["type"] = x.Type,
            ["status"] = x.Status,
            ["reason"] = x.Reason,
            ["message"] = x.Message,
            ["lastTransitionTime"] = x.LastTransitionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        })]);
        return status;
    }

    /// <summary>Canonical quantities ("16Gi", "40Gi", "1500m"), as kubectl shows them and the API server would write them.</summary>
    public static JsonObject Quantities(ResourceAmounts amounts) => new()
    {
        ["cpu"] = KubernetesQuantity.MilliText(amounts.MilliCpu),
        ["memory"] = KubernetesQuantity.BinaryText(amounts.MemoryBytes),
        ["ephemeral-storage"] = KubernetesQuantity.BinaryText(amounts.EphemeralStorageBytes),
        ["pods"] = amounts.Pods.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Requirement(string key, IReadOnlyList<string> values) => new()
    {
        ["key"] = key,
        ["operator"] = "In",
        ["values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]),
    };

    private static JsonArray Taints(IReadOnlyList<Taint> taints) =>
        new([.. taints.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value, ["effect"] = t.Effect })]);

    private static List<Taint> ReadTaints(JsonNode? node) =>
        [.. (node as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => new Taint(JsonStrings.AsString(t["key"]) ?? "", JsonStrings.AsString(t["value"]), JsonStrings.AsString(t["effect"]) ?? "NoSchedule"))];

    private static NodeClaimCondition ReadCondition(JsonObject c) => new(
        JsonStrings.AsString(c["type"]) ?? "",
        JsonStrings.AsString(c["status"]) ?? "Unknown",
        JsonStrings.AsString(c["reason"]) ?? "",
        JsonStrings.AsString(c["message"]) ?? "",
        DateTimeOffset.TryParse(JsonStrings.AsString(c["lastTransitionTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue);

    private static ResourceAmounts? Amounts(JsonObject? list) => list is null
        ? null
        : new ResourceAmounts(
            KubernetesQuantity.ToMilli(JsonStrings.AsString(list["cpu"])),
            KubernetesQuantity.ToWhole(JsonStrings.AsString(list["memory"])),
            KubernetesQuantity.ToWhole(JsonStrings.AsString(list["ephemeral-storage"])),
            KubernetesQuantity.ToWhole(JsonStrings.AsString(list["pods"])));

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject ?? []).ToDictionary(p => p.Key, p => JsonStrings.AsString(p.Value) ?? "", StringComparer.Ordinal);
}
