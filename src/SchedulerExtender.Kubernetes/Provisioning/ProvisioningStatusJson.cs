using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// NodePool and ECSNodeClass status as the CRDs under manifests/crds define it, and the merge patch
/// that brings an object's status there — or none when it already says so, because every status
/// write bumps the object's resourceVersion and wakes every watcher of the kind.
/// </summary>
public static class ProvisioningStatusJson
{
    /// <summary><c>status.resources</c> (Kubernetes quantities, plus <c>nodes</c>), <c>status.conditions</c> and <c>nodeClassObservedGeneration</c> when known.</summary>
    public static JsonObject NodePool(NodePoolStatus status)
    {
        // Canonical quantities ("16Gi", not "17179869184"), as Karpenter's summed ResourceList prints.
        var resources = NodeClaimJson.Quantities(status.Resources);
        resources["nodes"] = status.Nodes.ToString(CultureInfo.InvariantCulture);
        var json = new JsonObject { ["resources"] = resources, ["conditions"] = Conditions(status.Conditions) };
        if (status.NodeClassObservedGeneration is { } generation)
        {
            json["nodeClassObservedGeneration"] = generation;
        }

        return json;
    }

    /// <summary>The <c>nodeClassObservedGeneration</c> a pool's status holds, if any.</summary>
    public static long? ReadNodeClassObservedGeneration(JsonNode? status) =>
        (status as JsonObject)?["nodeClassObservedGeneration"] is JsonValue value && value.TryGetValue<long>(out var generation) ? generation : null;

    /// <summary><c>status.vSwitches</c> (id, zoneID), <c>securityGroups</c> (id), <c>images</c> (id and the architectures it serves) and <c>conditions</c>.</summary>
    public static JsonObject EcsNodeClass(EcsNodeClassStatus status) => new()
    {
        ["vSwitches"] = new JsonArray([.. status.VSwitches.Select(v => (JsonNode)new JsonObject { ["id"] = v.VSwitchId, ["zoneID"] = v.Zone })]),
        ["securityGroups"] = new JsonArray([.. status.SecurityGroupIds.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
        // One entry per image; an image serving two architectures (unusual) lists both.
        ["images"] = new JsonArray([.. status.ImageIdByArchitecture
            .GroupBy(i => i.Value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g.Key,
                ["requirements"] = new JsonArray(new JsonObject
                {
                    ["key"] = WellKnownLabels.Arch,
                    ["operator"] = "In",
                    ["values"] = new JsonArray([.. g.Select(i => i.Key).Order(StringComparer.Ordinal).Select(a => (JsonNode)JsonValue.Create(a))]),
                }),
            })]),
        ["conditions"] = Conditions(status.Conditions),
    };

    /// <summary>The conditions in an object's <c>status</c>; none when it has no status yet.</summary>
    public static IReadOnlyList<StatusCondition> ReadConditions(JsonNode? status) =>
        [.. ((status as JsonObject)?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new StatusCondition(
            JsonStrings.AsString(c["type"]) ?? "",
            JsonStrings.AsString(c["status"]) ?? StatusCondition.Unknown,
            JsonStrings.AsString(c["reason"]) ?? "",
            JsonStrings.AsString(c["message"]) ?? "",
            DateTimeOffset.TryParse(JsonStrings.AsString(c["lastTransitionTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue,
            c["observedGeneration"] is JsonValue g && g.TryGetValue<long>(out var generation) ? generation : null))];

    /// <summary>
    /// The merge patch of <c>status</c> that makes <paramref name="current"/> say <paramref name="desired"/>
    /// in the fields we own; null when it already does. Keys of <c>status.resources</c> we do not
    /// write are removed, so a stray key cannot make every pass write again.
    /// </summary>
    public static JsonObject? StatusPatch(JsonNode? current, JsonObject desired)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in desired)
        {
            var now = (current as JsonObject)?[key];
            if (JsonEquality.Equal(now, value))
            {
                continue;
            }

            var field = value!.DeepClone();
            if (field is JsonObject map && now is JsonObject existing)
            {
                foreach (var stray in existing.Select(p => p.Key).Where(k => !map.ContainsKey(k)).ToList())
                {
                    map[stray] = null;
                }
            }

            patch[key] = field;
        }

        return patch.Count == 0 ? null : patch;
    }

    private static JsonArray Conditions(IReadOnlyList<StatusCondition> conditions) =>
        new([.. conditions.Select(c =>
        {
            var condition = new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                // Whole seconds, as Kubernetes writes metav1.Time: what is read back compares equal.
                ["lastTransitionTime"] = c.LastTransitionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
            if (c.ObservedGeneration is { } generation)
            {
                condition["observedGeneration"] = generation;
            }

            return (JsonNode)condition;
        })]);
}
