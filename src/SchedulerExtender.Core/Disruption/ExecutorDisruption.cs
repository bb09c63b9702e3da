namespace SchedulerExtender.Core.Disruption;

/// <summary>What consolidation, drift and expiry may do to executors of a Spark application still running.</summary>
public enum ExecutorDisruption
{
    /// <summary>Leave the node until its executors finish or their application ends (the default).</summary>
    WaitForExecutors,

    /// <summary>The application can lose executors: evict them gracefully (Spark's decommission runs in preStop).</summary>
    Graceful,
}
