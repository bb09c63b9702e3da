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

    /// <summary>True when a required anti-affinity term is on topology.kubernetes.io/zone: it keeps the pods it selects out of this pod's zone, and this pod out of theirs.</summary>
    public bool HasZoneAntiAffinity => AntiAffinity.Any(t => t.TopologyKey == TopologyKeys.Zone);

    /// <summary>True when the spread, anti-affinity or affinity is on topology.kubernetes.io/zone.</summary>
    public bool HasZoneRules => HasZoneAntiAffinity ||
        Affinity.Any(t => t.TopologyKey == TopologyKeys.Zone) || Spread.Any(c => c.TopologyKey == TopologyKeys.Zone);
}
