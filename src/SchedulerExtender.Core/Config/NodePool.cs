namespace SchedulerExtender.Core.Config;

/// <summary>
/// A Karpenter <c>karpenter.sh/v1</c> NodePool, validated. <see cref="ExpireAfter"/> null means
/// Never; a higher <see cref="Weight"/> is tried first.
/// </summary>
public sealed record NodePool(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<NodeSelectorRequirement> Requirements,
    IReadOnlyList<Taint> Taints,
    IReadOnlyList<Taint> StartupTaints,
    TimeSpan? ExpireAfter,
    NodeClassReference NodeClassRef,
    NodePoolLimits Limits,
    int Weight,
    Disruption Disruption)
{
    /// <summary>
    /// <c>spec.template.spec.terminationGracePeriod</c>: how long a node may drain before the pods
    /// still on it are deleted without eviction (PodDisruptionBudgets and do-not-disrupt no longer
    /// hold) and the node terminated. Null (Karpenter's default): the drain waits as long as it takes.
    /// </summary>
    public TimeSpan? TerminationGracePeriod { get; init; }

    /// <summary>Template labels, requirements and the pool's own label, as one requirement set.</summary>
    public RequirementSet RequirementSet() =>
        Config.RequirementSet.FromLabels(Labels)
            .Intersect(Config.RequirementSet.From(Requirements))
            .With(Requirement.From(NodeSelectorRequirement.In(WellKnownLabels.NodePool, Name)));
}
