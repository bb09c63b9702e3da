namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>An application's observable state after a simulator pass (for live displays and summaries). Work in executor-seconds.</summary>
public sealed record SparkApplicationSnapshot(
    string AppId,
    string Name,
    string Namespace,
    SparkApplicationState State,
    string? DriverNode,
    int ExecutorsRunning,
    int ExecutorsWanted,
    double WorkDone,
    double WorkTotal,
    double WorkRedone,
    int ExecutorsLost,
    int ExecutorsDecommissioned,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Message,
    IReadOnlyList<SparkPodPlacement> Placements)
{
    public double Progress => WorkTotal == 0 ? 0 : WorkDone / WorkTotal;
}
