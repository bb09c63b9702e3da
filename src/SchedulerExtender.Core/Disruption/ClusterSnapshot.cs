using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Everything the disruption planners decide from: the provisioner's nodes with their pods, the
/// node pools (with their usage, for limits), claims still launching, pods waiting for capacity
/// (consolidation must not take the room they will use) and the offerings known to be out of
/// stock. What a replacement node gives up to DaemonSets is its pool's
/// <see cref="NodePoolState.DaemonSetOverhead"/>.
/// </summary>
public sealed record ClusterSnapshot(
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<NodePoolState> NodePools,
    IReadOnlyList<InFlightClaim> Launching,
    IReadOnlyList<PendingPod> PendingPods,
    IReadOnlyList<UnavailableOffering> Unavailable);
