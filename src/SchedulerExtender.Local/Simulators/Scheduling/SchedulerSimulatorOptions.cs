namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>Which schedulers to play and how often to look again when nothing changed.</summary>
public sealed record SchedulerSimulatorOptions
{
    public required IReadOnlyList<SchedulerProfile> Profiles { get; init; }

    /// <summary>The longest wait between passes; pod and node changes start a pass at once.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public SchedulerFilters Filters { get; init; } = SchedulerFilters.Default;
}
