namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Everything the solver decides from: the pending pods, the capacity already on its way, the
/// node pools with their usage and the DaemonSet pods each one's new nodes will run
/// (<see cref="NodePoolState.DaemonSetOverhead"/>), and the no-stock cache.
/// </summary>
public sealed record ProvisioningSnapshot(
    IReadOnlyList<PendingPod> Pods,
    IReadOnlyList<InFlightClaim> InFlight,
    IReadOnlyList<NodePoolState> NodePools,
    IReadOnlyList<UnavailableOffering> Unavailable);
