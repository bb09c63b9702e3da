namespace SchedulerExtender.Core.Extender;

/// <summary>
/// Why the extender takes a node out: the filter's reasons, and the preempt verb's own
/// (<see cref="EvictsSparkDriver"/>). A closed set: metrics label by it.
/// </summary>
public enum FilterFailure
{
    /// <summary>A Spark driver must not run on spot capacity.</summary>
    DriverOnSpot,

    /// <summary>The executor's policy is <c>spot</c> and the node is not spot.</summary>
    ExecutorNeedsSpot,

    /// <summary>Our provisioner is disrupting the node (taint <c>karpenter.sh/disrupted:NoSchedule</c>).</summary>
    Disrupted,

    /// <summary>The cloud has announced it will reclaim this spot node.</summary>
    SpotReclaim,

    /// <summary>nodeCacheCapable mode: the node cache does not know the name.</summary>
    UnknownNode,

    /// <summary>
    /// Preempt verb only (never a filter answer): preempting on the node would evict a running
    /// Spark driver while another candidate evicts none. See <see cref="SparkDriverPreemption"/>.
    /// </summary>
    EvictsSparkDriver,
}
