namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// One strategy's outcome: the fields of report.json's <c>strategies.NAME</c> (DESIGN.md) plus
/// extra figures and the time series behind the charts. Costs in the report's currency.
/// </summary>
public sealed record StrategyResult
{
    public required string Name { get; init; }

    /// <summary>Instances (at their offering price, from launch to removal) plus each node's system disk.</summary>
    public required double Cost { get; init; }

    public required double NodeHours { get; init; }

    /// <summary>Requested CPU of running pods over the allocatable CPU of all nodes up (booting included), time-weighted.</summary>
    public required double CpuUtilization { get; init; }

    public required double MemoryUtilization { get; init; }

    public required int JobsCompleted { get; init; }

    public required int JobsFailed { get; init; }

    /// <summary>Pods still waiting at the end that never ran.</summary>
    public required int PodsNeverScheduled { get; init; }

    public required int DriversOnSpot { get; init; }

    /// <summary>Executor pods that ran on spot, of <see cref="ExecutorsTotal"/> executor pods that ran (re-created ones included).</summary>
    public required int ExecutorsOnSpot { get; init; }

    public required int ExecutorsTotal { get; init; }

    public required double PendingSecondsP50 { get; init; }

    public required double PendingSecondsP99 { get; init; }

    public required int Interruptions { get; init; }

    /// <summary>Instances billed that never became (or stopped being) a node the cluster knows.</summary>
    public required int OrphanInstances { get; init; }

    public required int NodesAtEnd { get; init; }

    /// <summary>From the start to the last job's end.</summary>
    public required double MakespanSeconds { get; init; }

    public required int NodesLaunched { get; init; }

    public required int DriverRestarts { get; init; }

    /// <summary>Executor-seconds of work redone because pods were killed.</summary>
    public required double WorkLostSeconds { get; init; }

    public required double SpotCost { get; init; }

    public required IReadOnlyList<TimeSample> Series { get; init; }
}
