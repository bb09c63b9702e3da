namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// One scheduler the simulator plays: pods whose spec.schedulerName is <paramref name="SchedulerName"/>
/// are scheduled with these extenders (none for the cluster's default-scheduler; ours for
/// schedext-scheduler, as manifests/scheduler configures it).
/// </summary>
public sealed record SchedulerProfile(string SchedulerName, IReadOnlyList<ISchedulerExtender> Extenders)
{
    public const string DefaultSchedulerName = "default-scheduler";
}
