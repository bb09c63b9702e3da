using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Reads a core/v1 Pod's labels and <see cref="PodTopology"/>: host ports of its containers and
/// restartable init containers (sidecars run beside them and bind their ports for the pod's whole
/// life), required pod anti-affinity and affinity terms, and DoNotSchedule topology spread
/// constraints. It never fails: a term it cannot read (no labelSelector — which selects no pod —, an
/// unknown operator, a maxSkew below 1) is left out, so the pod is planned as it was before this
/// reader, and kube-scheduler still enforces the term on the nodes that launch.
/// </summary>
public static class PodTopologyReader
{
    public static IReadOnlyDictionary<string, string> Labels(JsonObject pod)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pod["metadata"]?["labels"] as JsonObject ?? [])
        {
            labels[key] = JsonStrings.AsString(value) ?? "";
        }

        return labels;
    }

    public static PodTopology Read(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return PodTopology.None;
        }

        var ns = JsonStrings.AsString(pod["metadata"]?["namespace"]) ?? "default";
        var labels = Labels(pod);
        var topology = new PodTopology(
            HostPorts(spec),
            Terms(spec["affinity"]?["podAntiAffinity"], ns, labels),
            Terms(spec["affinity"]?["podAffinity"], ns, labels),
            Spread(spec, ns, labels));
        return topology.IsEmpty ? PodTopology.None : topology;
    }

    private static List<HostPort> HostPorts(JsonObject spec)
    {
        var containers = (spec["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat((spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>().Where(c => JsonStrings.AsString(c["restartPolicy"]) == "Always"));
        var ports = new List<HostPort>();
        foreach (var port in containers.SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>()))
        {
            if (Integer(port["hostPort"]) is > 0 and var hostPort)
            {
                var ip = JsonStrings.AsString(port["hostIP"]);
                ports.Add(new HostPort(JsonStrings.AsString(port["protocol"]) ?? "TCP", string.IsNullOrEmpty(ip) ? HostPort.AnyIp : ip, (int)hostPort));
            }
        }

        return [.. ports.Distinct()];
    }

    private static List<PodAffinityTerm> Terms(JsonNode? affinity, string ns, IReadOnlyDictionary<string, string> labels)
    {
        var terms = new List<PodAffinityTerm>();
        foreach (var term in (affinity?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var topologyKey = JsonStrings.AsString(term["topologyKey"]);
            if (string.IsNullOrEmpty(topologyKey) || Selector(term["labelSelector"]) is not { } selector)
            {
                continue;
            }

            // matchLabelKeys / mismatchLabelKeys narrow the selector to pods with (or without) this
            // pod's values of those keys, as kube-apiserver merges them in.
            selector = WithLabelKeys(selector, term["matchLabelKeys"], labels, RequirementOperator.In);
            selector = WithLabelKeys(selector, term["mismatchLabelKeys"], labels, RequirementOperator.NotIn);
            var namespaces = (term["namespaces"] as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>().ToList();
            // An empty namespaceSelector ({}) means every namespace; a non-empty one selects on
            // namespace labels this reader cannot see: counted as every namespace too (the safe side
            // for anti-affinity; for affinity it only widens where matching pods are looked for).
            var everyNamespace = term["namespaceSelector"] is JsonObject;
            terms.Add(new PodAffinityTerm(selector, everyNamespace ? null : namespaces.Count == 0 ? [ns] : namespaces, topologyKey));
        }

        return terms;
    }

    private static List<TopologySpreadConstraint> Spread(JsonObject spec, string ns, IReadOnlyDictionary<string, string> labels)
    {
        var constraints = new List<TopologySpreadConstraint>();
        foreach (var c in (spec["topologySpreadConstraints"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var topologyKey = JsonStrings.AsString(c["topologyKey"]);
            if (JsonStrings.AsString(c["whenUnsatisfiable"]) != "DoNotSchedule" || string.IsNullOrEmpty(topologyKey) ||
                Integer(c["maxSkew"]) is not (>= 1 and <= int.MaxValue and var maxSkew) || Selector(c["labelSelector"]) is not { } selector)
            {
                continue;
            }

            constraints.Add(new TopologySpreadConstraint((int)maxSkew, topologyKey, WithLabelKeys(selector, c["matchLabelKeys"], labels, RequirementOperator.In), ns));
        }

        return constraints;
    }

    /// <summary>A metav1.LabelSelector as requirements, or null when absent or unreadable.</summary>
    private static RequirementSet? Selector(JsonNode? node)
    {
        if (node is not JsonObject selector)
        {
            return null;
        }

        var requirements = new List<NodeSelectorRequirement>();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            requirements.Add(NodeSelectorRequirement.In(key, JsonStrings.AsString(value) ?? ""));
        }

        foreach (var e in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = JsonStrings.AsString(e["key"]);
            var op = JsonStrings.AsString(e["operator"]) switch
            {
                "In" => RequirementOperator.In,
                "NotIn" => RequirementOperator.NotIn,
                "Exists" => RequirementOperator.Exists,
                "DoesNotExist" => RequirementOperator.DoesNotExist,
                _ => (RequirementOperator?)null,
            };
            if (key is null || op is null)
            {
                return null;
            }

            requirements.Add(new NodeSelectorRequirement(key, op.Value, [.. (e["values"] as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>()]));
        }

        return RequirementSet.From(requirements);
    }

    // A key the pod has no label for is skipped, as kube-apiserver does.
    private static RequirementSet WithLabelKeys(RequirementSet selector, JsonNode? keys, IReadOnlyDictionary<string, string> labels, RequirementOperator op)
    {
        foreach (var key in (keys as JsonArray ?? []).Select(JsonStrings.AsString).OfType<string>())
        {
            if (labels.TryGetValue(key, out var value))
            {
                selector = selector.With(Requirement.From(new NodeSelectorRequirement(key, op, [value])));
            }
        }

        return selector;
    }

    private static long? Integer(JsonNode? node) =>
        node is null ? null
        : node.GetValueKind() == JsonValueKind.Number ? (node.AsValue().TryGetValue<long>(out var n) ? n : null)
        : long.TryParse(JsonStrings.AsString(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
