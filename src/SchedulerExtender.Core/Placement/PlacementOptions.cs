namespace SchedulerExtender.Core.Placement;

/// <summary>
/// How Spark pods are placed. The capacity-type label and its spot values are configurable
/// because some clusters label capacity their own way.
/// </summary>
public sealed record PlacementOptions
{
    public string CapacityTypeLabel { get; init; } = "karpenter.sh/capacity-type";

    public IReadOnlyList<string> SpotValues { get; init; } = ["spot"];

    /// <summary>The cluster-wide executor policy; namespaces and pods may override it.</summary>
    public ExecutorPolicy ExecutorPolicy { get; init; } = ExecutorPolicy.Spot;

    /// <summary>Added to executors that may run on spot, when spot nodes carry a taint.</summary>
    public Toleration? SpotToleration { get; init; }

    /// <summary>Routes Spark pods to the scheduler profile that calls our extender.</summary>
    public string? SchedulerName { get; init; }

    /// <summary>
    /// Raised to at least this for executors, so Spark's decommission preStop hook can finish
    /// inside the spot reclaim notice (about 5 minutes on Alibaba Cloud).
    /// </summary>
    public int? ExecutorTerminationGracePeriodSeconds { get; init; }
}
