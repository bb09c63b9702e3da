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
    /// How long after its first abandoned replace (see <see cref="ClusterNode.ReplaceAbandonedAt"/>)
    /// no command replaces a node again; each further abandon of the same node doubles it, up to
    /// <see cref="AbandonedReplaceBackoffMax"/>. The causes of an abandon often last (a stock-out,
    /// an image that does not boot), and each attempt costs a launch and a termination; deleting
    /// the node without replacement stays allowed, and spot reclaims are never held back. Zero: no back-off.
    /// </summary>
    public TimeSpan AbandonedReplaceBackoff { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest back-off after repeated abandons: 15 min, 30, 1 h, 2 h, then 4 h each time.</summary>
    public TimeSpan AbandonedReplaceBackoffMax { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The back-off after a node's <paramref name="abandons"/>-th abandoned replace (1 = the first).</summary>
    public TimeSpan BackoffAfter(int abandons)
    {
        var backoff = AbandonedReplaceBackoff;
        if (backoff <= TimeSpan.Zero || backoff >= AbandonedReplaceBackoffMax)
        {
            return backoff;
        }

        // Doubling reaches the maximum within a few dozen steps, whatever count an annotation claims.
        for (var i = 1; i < abandons && backoff < AbandonedReplaceBackoffMax; i++)
        {
            backoff = backoff.Ticks > AbandonedReplaceBackoffMax.Ticks / 2 ? AbandonedReplaceBackoffMax : backoff * 2;
        }

        return backoff;
    }

    /// <summary>
    /// How long a node may stay not Ready (Ready False or Unknown) before <see cref="NodeRepair"/>
    /// terminates it (Karpenter's toleration for the Ready condition: 30 min). Zero or negative: not
    /// Ready is never repaired (the <see cref="RepairConditions"/> still are).
    /// </summary>
    public TimeSpan RepairAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Further conditions that make <see cref="NodeRepair"/> terminate a node once held for their
    /// duration (e.g. a node-problem-detector's <c>KernelDeadlock=True</c>). None by default: which
    /// conditions exist depends on what the cluster runs.
    /// </summary>
    public IReadOnlyList<RepairCondition> RepairConditions { get; init; } = [];

    /// <summary>At most this many nodes are considered together by multi-node consolidation (Karpenter: 100).</summary>
    public int MaxMultiNodeCandidates { get; init; } = 100;

    public SolverOptions Solver { get; init; } = SolverOptions.Default;
}
