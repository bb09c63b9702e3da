namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// The simulator's model parameters (Simulation/README.md documents each). Times are on the
/// virtual clock; nothing here is a wall-clock duration.
/// </summary>
public sealed record SimulationOptions
{
    public static SimulationOptions Default { get; } = new();

    /// <summary>Seeds the spot reclaims: the same seed gives the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>From launch to a Ready node: the article's "about 40 seconds". Billing starts at launch.</summary>
    public TimeSpan BootDelay { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How long pending pods are batched before a provisioning decision (Karpenter's batch idle time).</summary>
    public TimeSpan ProvisioningBatch { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often consolidation / scale-down is evaluated (Cluster Autoscaler's scan interval).</summary>
    public TimeSpan DisruptionInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Spot reclaims per spot node-hour. Null: each offering's own rate from the catalogue (its
    /// measured rate, else <see cref="Core.Catalog.SpotInterruption.DefaultRatePerHour"/>).
    /// </summary>
    public double? ReclaimRatePerHour { get; init; }

    /// <summary>
    /// How long before the release of a reclaimed spot instance the cloud sends its notice
    /// (Alibaba Cloud: about 5 minutes). Zero: no notice, the instance vanishes at once.
    /// </summary>
    public TimeSpan ReclaimNotice { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Work an executor loses when it is killed (reclaim, eviction): the tasks it was running,
    /// at most this many seconds of its run (less if it ran less). That work is redone.
    /// </summary>
    public TimeSpan LostWorkPerExecutor { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>DaemonSet pods every node runs (ACK's system pods), taken off each node's allocatable.</summary>
    public long DaemonSetMilliCpu { get; init; } = 250;

    public long DaemonSetMemoryMiB { get; init; } = 320;

    public int DaemonSetPods { get; init; } = 4;

    /// <summary>After the last job ends, how long scale-down may take before nodes still up are reported.</summary>
    public TimeSpan DrainWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Jobs not done this long after the last submission have failed (a stuck workload ends the run).</summary>
    public TimeSpan MaxRunAfterLastSubmit { get; init; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Whether <c>karpenter-default</c> consolidates as Karpenter does under the NodePools'
    /// <c>consolidationPolicy</c> (the disruption planner without Spark awareness: drivers and
    /// executors are evicted like any pod; the article's pool says WhenEmptyOrUnderutilized).
    /// False: empty nodes are removed only, a kinder model that flatters karpenter-default
    /// (Simulation/README.md gives both figures).
    /// </summary>
    public bool KarpenterConsolidatesUnderutilized { get; init; } = true;

    /// <summary>Points of the time series (cost, nodes, utilisation) behind the charts.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(5);
}
