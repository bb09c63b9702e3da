using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Placement;

/// <summary>
/// What applies to one pod: its Spark role, whether it opted out, and the executor policy with
/// where that policy came from ("pod", "namespace" or "global").
/// </summary>
public sealed record PlacementDecision(
    SparkRole Role,
    bool OptedOut,
    ExecutorPolicy ExecutorPolicy,
    string PolicySource,
    IReadOnlyList<string> Warnings);
