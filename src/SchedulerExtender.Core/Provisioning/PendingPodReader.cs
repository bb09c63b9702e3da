using System.Text.Json;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Turns a core/v1 Pod (JSON) into the solver's <see cref="PendingPod"/>: effective requests as
/// the scheduler computes them (<see cref="PodRequests"/>: sum of containers and sidecars, at
/// least each init container, plus pod overhead; a limit without a request counts as the
/// request), the nodeSelector intersected into every required node-affinity term, the preferred
/// node-affinity terms heaviest first, and the tolerations. A matchFields term can only name
/// an existing node, so it becomes a requirement no new node meets.
/// </summary>
public static class PendingPodReader
{
    public static bool TryRead(JsonObject pod, SparkRole role, out PendingPod? pending, out string? error)
    {
        pending = null;
        error = null;
        var metadata = pod["metadata"] as JsonObject;
        var name = JsonStrings.AsString(metadata?["name"]);
        var ns = JsonStrings.AsString(metadata?["namespace"]) ?? "default";
        if (name is null || pod["spec"] is not JsonObject spec)
        {
            error = "pod has no metadata.name or spec";
            return false;
        }

        try
        {
            var requests = Requests(spec);
            var selector = RequirementSet.FromLabels(Map(spec["nodeSelector"]));
            var terms = Terms(spec, selector);
            var tolerations = (spec["tolerations"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(t => new PodToleration(JsonStrings.AsString(t["key"]), JsonStrings.AsString(t["operator"]) ?? "Equal", JsonStrings.AsString(t["value"]), JsonStrings.AsString(t["effect"])))
                .ToList();
            pending = new PendingPod(new PodReference(ns, name), requests, terms, tolerations, role, Preferences: Preferences(spec));
            // Labels and pod topology (host ports, pod (anti-)affinity, spread): PodTopologyReader.
            pending = pending with { Labels = PodTopologyReader.Labels(pod), Topology = PodTopologyReader.Read(pod) };
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error = $"pod {ns}/{name}: {e.Message}";
            return false;
        }
    }

    // This reader only decodes the request lists; PodRequests (shared with the extender) combines
    // them as kube-scheduler does. The pod also takes one pod slot.
    private static ResourceAmounts Requests(JsonObject spec)
    {
        var containers = Containers(spec["containers"]).Select(RequestsOf).ToList();
        var initContainers = Containers(spec["initContainers"])
            .Select(c => new ContainerRequests(RequestsOf(c), JsonStrings.AsString(c["restartPolicy"]) == "Always"))
            .ToList();
        var overhead = spec["overhead"] as JsonObject;
        var overheadAmounts = new ResourceAmounts(
            Amount(overhead, "cpu"), Amount(overhead, "memory"), Amount(overhead, "ephemeral-storage"), 0);
        return PodRequests.Compute(containers, initContainers, overheadAmounts) with { Pods = 1 };
    }

    // A limit without a request counts as the request: the API server defaults it so, and pods
    // read from files (local mode) have not been through the API server.
    private static ResourceAmounts RequestsOf(JsonObject container)
    {
        var resources = container["resources"] as JsonObject;
        var requests = resources?["requests"] as JsonObject;
        var limits = resources?["limits"] as JsonObject;
        long Request(string resource) => Amount(requests?[resource] is not null ? requests : limits, resource);
        return new ResourceAmounts(Request("cpu"), Request("memory"), Request("ephemeral-storage"), 0);
    }

    private static long Amount(JsonObject? list, string resource)
    {
        if (list?[resource] is not { } node)
        {
            return 0;
        }

        var text = node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : JsonStrings.AsString(node);
        var value = resource == "cpu" ? KubernetesQuantity.ParseMilli(text) : KubernetesQuantity.ParseWhole(text);
        return value ?? throw new FormatException($"{resource} \"{text}\" is not a resource quantity");
    }

    private static List<RequirementSet> Terms(JsonObject spec, RequirementSet selector)
    {
        var required = spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        if (required is null)
        {
            return selector.Count == 0 ? [] : [selector];
        }

        return [.. required.OfType<JsonObject>().Select(term => Term(term, selector))];
    }

    // Heaviest first; equal weights keep their order in the spec (OrderByDescending is stable).
    private static List<RequirementSet> Preferences(JsonObject spec)
    {
        var preferred = spec["affinity"]?["nodeAffinity"]?["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray ?? [];
        return [.. preferred.OfType<JsonObject>()
            .Select(p => (Weight: p["weight"] is { } w && w.GetValueKind() == JsonValueKind.Number ? w.GetValue<double>() : 0, Term: p["preference"] as JsonObject))
            .Where(p => p.Term is not null)
            .OrderByDescending(p => p.Weight)
            .Select(p => Term(p.Term!, RequirementSet.Empty))];
    }

    private static RequirementSet Term(JsonObject term, RequirementSet start)
    {
        var set = start;
        foreach (var (field, isField) in new[] { ("matchExpressions", false), ("matchFields", true) })
        {
            foreach (var e in (term[field] as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = JsonStrings.AsString(e["key"]) ?? throw new FormatException($"a node selector term's {field} has no key");
                var op = Enum.TryParse<RequirementOperator>(JsonStrings.AsString(e["operator"]), out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new FormatException($"node affinity operator \"{JsonStrings.AsString(e["operator"])}\" is not valid");
                var values = (e["values"] as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>().ToList();
                // A field (metadata.name) names an existing node: no label of a new node matches it.
                set = set.With(Requirement.From(new NodeSelectorRequirement(isField ? $"field:{key}" : key, op, values)));
            }
        }

        return set;
    }

    private static IEnumerable<JsonObject> Containers(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>();

    private static IEnumerable<KeyValuePair<string, string>> Map(JsonNode? node) =>
        (node as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, JsonStrings.AsString(p.Value) ?? ""));
}
