using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A NodePool with what its nodes and in-flight claims already add up to (counted against
/// <see cref="NodePool.Limits"/>) and the ephemeral storage its nodes get (the node class's system
/// disk, in bytes).
/// </summary>
public sealed record NodePoolState(NodePool Pool, ResourceAmounts InUse, long NodeEphemeralStorageBytes = NodePoolState.DefaultEphemeralStorageBytes)
{
    /// <summary>20 GiB: the smallest ECS system disk, and the ECSNodeClass default.</summary>
    public const long DefaultEphemeralStorageBytes = 20L * 1024 * 1024 * 1024;
}
