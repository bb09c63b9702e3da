using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A node claim already launched or launching: its node pool, labels (instance type, zone,
/// capacity type, pool labels), taints and the capacity still free on it after the pods already
/// bound or nominated there.
/// </summary>
public sealed record InFlightClaim(
    string Name,
    string NodePool,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints,
    ResourceAmounts Remaining);
