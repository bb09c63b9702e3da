namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Everything the solver decides from: the pending pods, the capacity already on its way, the
/// node pools with their usage and the DaemonSet pods each one's new nodes will run
/// (<see cref="NodePoolState.DaemonSetOverhead"/>), and the no-stock cache.
/// <paramref name="ScheduledPods"/> are the pods bound to nodes with a zone label, for zone-level
/// spread and pod (anti-)affinity; null or empty when the caller has none (zone rules then count
/// only the pods of this solve).
/// </summary>
public sealed record ProvisioningSnapshot(
    IReadOnlyList<PendingPod> Pods,
    IReadOnlyList<InFlightClaim> InFlight,
    IReadOnlyList<NodePoolState> NodePools,
    IReadOnlyList<UnavailableOffering> Unavailable,
    IReadOnlyList<ZonedPod>? ScheduledPods = null);
