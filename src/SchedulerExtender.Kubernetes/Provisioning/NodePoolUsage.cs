using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// What a pool's NodeClaims add up to: a launched claim's capacity, a claim not launched yet what
/// it was planned for. One sum for the pool's limits (the provisioner; the disruption planner without
/// the claims being deleted) and its status.resources.
/// </summary>
public static class NodePoolUsage
{
    public static ResourceAmounts InUse(string pool, IEnumerable<NodeClaimResource> claims) =>
        claims.Where(c => c.Spec.NodePool == pool).Aggregate(ResourceAmounts.Zero, (sum, c) => sum + (c.Capacity ?? c.Spec.Requests));

    /// <summary>
    /// The pool for the planners: what these claims of it add up to, and from its node class its
    /// nodes' system disk and the kubelet settings that decide their allocatable.
    /// </summary>
    public static NodePoolState State(NodePool pool, IEnumerable<NodeClaimResource> claims, ProvisioningConfig config)
    {
        var inUse = InUse(pool.Name, claims);
        var nodeClass = config.NodeClassFor(pool);
        var state = nodeClass?.SystemDisk?.SizeGiB is { } gib ? new NodePoolState(pool, inUse, gib * 1024L * 1024 * 1024) : new NodePoolState(pool, inUse);
        return state with { Kubelet = nodeClass?.Kubelet };
    }
}
