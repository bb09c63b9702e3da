using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// What a pool's NodeClaims add up to: a launched claim's capacity, a claim not launched yet what
/// it was planned for. One sum for the pool's limits (the provisioner) and its status.resources.
/// </summary>
public static class NodePoolUsage
{
    public static ResourceAmounts InUse(string pool, IEnumerable<NodeClaimResource> claims) =>
        claims.Where(c => c.Spec.NodePool == pool).Aggregate(ResourceAmounts.Zero, (sum, c) => sum + (c.Capacity ?? c.Spec.Requests));
}
