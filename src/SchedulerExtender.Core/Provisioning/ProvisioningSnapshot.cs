using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Everything the solver decides from: the pending pods, the capacity already on its way, the
/// node pools with their usage, the DaemonSet pods every new node will run, and the no-stock cache.
/// </summary>
public sealed record ProvisioningSnapshot(
    IReadOnlyList<PendingPod> Pods,
    IReadOnlyList<InFlightClaim> InFlight,
    IReadOnlyList<NodePoolState> NodePools,
    ResourceAmounts DaemonSetOverhead,
    IReadOnlyList<UnavailableOffering> Unavailable);
