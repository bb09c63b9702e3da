using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// One required pod (anti-)affinity term: the pods its <paramref name="Selector"/> matches in
/// <paramref name="Namespaces"/> (null: every namespace), per domain of <paramref name="TopologyKey"/>.
/// The reader resolves the defaults: no namespaces means the pod's own, and a namespaceSelector it
/// cannot evaluate (namespace labels are not in the pod) counts as every namespace — for
/// anti-affinity that keeps more pods apart, never fewer.
/// </summary>
public sealed record PodAffinityTerm(RequirementSet Selector, IReadOnlyList<string>? Namespaces, string TopologyKey)
{
    /// <summary>True when the term selects a pod with these labels in that namespace.</summary>
    public bool Selects(string podNamespace, IReadOnlyDictionary<string, string> labels) =>
        (Namespaces is null || Namespaces.Contains(podNamespace)) && Selector.Matches(labels);

    /// <summary>A canonical text: equal terms render equal (grouping, selector sets).</summary>
    public string Key => $"{TopologyKey}|{(Namespaces is null ? "*" : string.Join(",", Namespaces.Order(StringComparer.Ordinal)))}|{Selector}";
}
