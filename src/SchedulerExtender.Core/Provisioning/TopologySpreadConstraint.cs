using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A <c>whenUnsatisfiable: DoNotSchedule</c> topology spread constraint: the pods its
/// <paramref name="Selector"/> matches in <paramref name="Namespace"/> (spread always counts the
/// pod's own namespace) may differ by at most <paramref name="MaxSkew"/> between domains of
/// <paramref name="TopologyKey"/>. The reader has already added the matchLabelKeys to the selector.
/// </summary>
public sealed record TopologySpreadConstraint(int MaxSkew, string TopologyKey, RequirementSet Selector, string Namespace)
{
    public bool Selects(string podNamespace, IReadOnlyDictionary<string, string> labels) =>
        podNamespace == Namespace && Selector.Matches(labels);

    public string Key => $"{MaxSkew}|{TopologyKey}|{Namespace}|{Selector}";
}
