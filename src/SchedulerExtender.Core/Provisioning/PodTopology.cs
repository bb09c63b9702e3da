namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What of a pod constrains which other pods may share its node or zone: its host ports, required
/// pod anti-affinity and affinity terms, and DoNotSchedule topology spread constraints. Preferred
/// terms and ScheduleAnyway constraints are kube-scheduler's preferences and are not read.
/// </summary>
public sealed record PodTopology(
    IReadOnlyList<HostPort> HostPorts,
    IReadOnlyList<PodAffinityTerm> AntiAffinity,
    IReadOnlyList<PodAffinityTerm> Affinity,
    IReadOnlyList<TopologySpreadConstraint> Spread)
{
    public static PodTopology None { get; } = new([], [], [], []);

    public bool IsEmpty => HostPorts.Count == 0 && AntiAffinity.Count == 0 && Affinity.Count == 0 && Spread.Count == 0;
}
