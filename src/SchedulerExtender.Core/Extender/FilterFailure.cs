namespace SchedulerExtender.Core.Extender;

/// <summary>Why a node fails the extender filter. A closed set: metrics label by it.</summary>
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
}
