using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A NodePool with what its nodes and in-flight claims already add up to (counted against
/// <see cref="NodePool.Limits"/>), the ephemeral storage its nodes get (the node class's system
/// disk, in bytes) and what its new nodes give up to DaemonSets.
/// </summary>
public sealed record NodePoolState(NodePool Pool, ResourceAmounts InUse, long NodeEphemeralStorageBytes = NodePoolState.DefaultEphemeralStorageBytes)
{
    /// <summary>20 GiB: the smallest ECS system disk, and the ECSNodeClass default.</summary>
    public const long DefaultEphemeralStorageBytes = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// The requests (one pod slot each) of the DaemonSet pods a new node of this pool will run
    /// (<see cref="Provisioning.DaemonSetOverhead.For"/>), taken off every claim's room. Per pool:
    /// a DaemonSet may select only spot nodes, or not tolerate one pool's taints. Zero: none.
    /// </summary>
    public ResourceAmounts DaemonSetOverhead { get; init; }

    /// <summary>
    /// The host ports the DaemonSet pods of a new node of this pool bind
    /// (<see cref="Provisioning.DaemonSetOverhead.HostPortsFor"/>): pods asking one of them are not
    /// planned onto the pool's new nodes. Empty: none.
    /// </summary>
    public IReadOnlyList<HostPort> DaemonSetHostPorts { get; init; } = [];
}
