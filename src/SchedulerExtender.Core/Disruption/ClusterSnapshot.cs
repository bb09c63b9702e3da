using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Everything the disruption planners decide from: the provisioner's nodes with their pods, the
/// node pools (with their usage, for limits), claims still launching, pods waiting for capacity
/// (consolidation must not take the room they will use), the DaemonSet overhead of a new node and
/// the offerings known to be out of stock.
/// </summary>
public sealed record ClusterSnapshot(
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<NodePoolState> NodePools,
    IReadOnlyList<InFlightClaim> Launching,
    IReadOnlyList<PendingPod> PendingPods,
    ResourceAmounts DaemonSetOverhead,
    IReadOnlyList<UnavailableOffering> Unavailable);
