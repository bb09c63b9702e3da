namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>How the Spark simulator runs its applications.</summary>
public sealed record SparkApplicationSimulatorOptions
{
    /// <summary>The longest wait between passes: how often progress is counted when no pod changes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The length of one task: the unit of work lost when an executor dies abruptly.</summary>
    public TimeSpan TaskDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seeds the random application IDs and pod name suffixes (reproducible runs).</summary>
    public int Seed { get; init; } = 1;
}
