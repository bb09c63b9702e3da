using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A node claim already launched or launching: its node pool, labels (instance type, zone,
/// capacity type, pool labels), taints and the capacity still free on it after the pods already
/// bound or nominated there. <paramref name="Pods"/> are the pods already on it (labels, host
/// ports, anti-affinity, spread), or null when the caller does not know them: then pods with
/// node-level constraints of their own are not placed on it (their port or neighbours cannot be
/// checked), while pods without any go on it as before.
/// </summary>
public sealed record InFlightClaim(
    string Name,
    string NodePool,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints,
    ResourceAmounts Remaining,
    IReadOnlyList<ScheduledPod>? Pods = null);
