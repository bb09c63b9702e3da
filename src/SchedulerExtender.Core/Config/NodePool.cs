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
    /// <summary>Template labels, requirements and the pool's own label, as one requirement set.</summary>
    public RequirementSet RequirementSet() =>
        Config.RequirementSet.FromLabels(Labels)
            .Intersect(Config.RequirementSet.From(Requirements))
            .With(Requirement.From(NodeSelectorRequirement.In(WellKnownLabels.NodePool, Name)));
}
