using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A NodePool with what its nodes and in-flight claims already add up to (counted against
/// <see cref="NodePool.Limits"/>), the ephemeral storage its nodes get (the node class's system
/// disk, in bytes), what its new nodes give up to DaemonSets and the kubelet settings that decide
/// their allocatable.
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
    /// The kubelet settings of the pool's node class (its <c>spec.kubeletConfiguration</c>): they
    /// decide what a new node of the pool keeps for itself (<see cref="ReservationUnder"/>). Null:
    /// none, the solver's own reservation.
    /// </summary>
    public KubeletConfiguration? Kubelet { get; init; }

    /// <summary>
    /// What a new node of this pool keeps for itself: the solver's reservation
    /// (<see cref="SolverOptions.Reservation"/>) under the node class's kubelet settings
    /// (<see cref="NodeReservation.WithKubelet"/>); the solver's very instance when there are none.
    /// </summary>
    public NodeReservation ReservationUnder(SolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Reservation.WithKubelet(Kubelet);
    }

    /// <summary>
    /// The host ports the DaemonSet pods of a new node of this pool bind
    /// (<see cref="Provisioning.DaemonSetOverhead.HostPortsFor"/>): pods asking one of them are not
    /// planned onto the pool's new nodes. Empty: none.
    /// </summary>
    public IReadOnlyList<HostPort> DaemonSetHostPorts { get; init; } = [];
}
