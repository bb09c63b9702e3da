using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Everything the disruption planners decide from: the provisioner's nodes with their pods, the
/// node pools (with their usage, for limits), claims still launching, pods waiting for capacity
/// (consolidation must not take the room they will use) and the offerings known to be out of
/// stock. What a replacement node gives up to DaemonSets is its pool's
/// <see cref="NodePoolState.DaemonSetOverhead"/>. <see cref="PodsOnOtherNodes"/> are the pods bound
/// to nodes not in <see cref="Nodes"/> (nodes the provisioner did not launch, claims not yet
/// registered), with their node's zone, for zone-level spread and pod (anti-)affinity.
/// </summary>
public sealed record ClusterSnapshot(
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<NodePoolState> NodePools,
    IReadOnlyList<InFlightClaim> Launching,
    IReadOnlyList<PendingPod> PendingPods,
    IReadOnlyList<UnavailableOffering> Unavailable)
{
    /// <summary>
    /// Bound pods on nodes outside <see cref="Nodes"/>, with their node's zone, as
    /// <see cref="ProvisioningSnapshot.ScheduledPods"/>: they count for the zone rules of the pods a
    /// simulation moves. The caller may give only those with zone anti-affinity when no pod has a
    /// zone rule (as the provisioner does); none when it does not know them.
    /// </summary>
    public IReadOnlyList<ZonedPod> PodsOnOtherNodes { get; init; } = [];
}
