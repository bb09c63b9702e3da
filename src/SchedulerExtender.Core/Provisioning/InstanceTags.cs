namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Tag keys every launched instance carries, so that nothing we start can go unseen: listing by
/// <see cref="ManagedBy"/> and <see cref="Cluster"/> finds every instance of this cluster, including
/// ones whose node claim was lost (orphans).
/// </summary>
public static class InstanceTags
{
    public const string ManagedBy = "schedext.io/managed-by";
    public const string ManagedByValue = "schedext";
    public const string Cluster = "schedext.io/cluster";
    public const string NodePool = "karpenter.sh/nodepool";
    public const string NodeClaim = "karpenter.sh/nodeclaim";
}
