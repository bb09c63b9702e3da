namespace SchedulerExtender.Core.Extender;

/// <summary>What the filter demands of a node for one pod.</summary>
public enum SparkGuard
{
    /// <summary>Not a Spark pod, or it opted out: every node passes.</summary>
    None,

    /// <summary>An executor under <c>prefer-spot</c> or <c>none</c>: any capacity, just not nodes being taken away.</summary>
    AnyCapacity,

    /// <summary>A driver: on-demand nodes only.</summary>
    OnDemandOnly,

    /// <summary>An executor under the <c>spot</c> policy: spot nodes only.</summary>
    SpotOnly,
}
