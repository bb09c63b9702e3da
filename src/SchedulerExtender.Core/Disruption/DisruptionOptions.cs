using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>Tuning of the disruption planners. Durations are <see cref="TimeSpan"/>s.</summary>
public sealed record DisruptionOptions
{
    public static DisruptionOptions Default { get; } = new();

    public ExecutorDisruption ExecutorDisruption { get; init; } = ExecutorDisruption.WaitForExecutors;

    /// <summary>How long after a decision it is validated again before it runs (Karpenter waits 15 s).</summary>
    public TimeSpan ValidationDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a reclaimed spot offering is not offered again (as the no-stock cache).</summary>
    public TimeSpan ReclaimedOfferingTtl { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Whether a spot node may be replaced by a cheaper spot node. Karpenter keeps this off by
    /// default to avoid racing to the least available types; our solver already prices the
    /// interruption risk into its choice, so it is on.
    /// </summary>
    public bool SpotToSpotReplacement { get; init; } = true;

    /// <summary>
    /// How long after an abandoned replace (see <see cref="ClusterNode.ReplaceAbandonedAt"/>) no
    /// command replaces that node again. The causes of an abandon often last (a stock-out, an image
    /// that does not boot), and each attempt costs a launch and a termination; deleting the node
    /// without replacement stays allowed, and spot reclaims are never held back. Zero: no back-off.
    /// </summary>
    public TimeSpan AbandonedReplaceBackoff { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>At most this many nodes are considered together by multi-node consolidation (Karpenter: 100).</summary>
    public int MaxMultiNodeCandidates { get; init; } = 100;

    public SolverOptions Solver { get; init; } = SolverOptions.Default;
}
