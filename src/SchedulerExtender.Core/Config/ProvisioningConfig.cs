namespace SchedulerExtender.Core.Config;

/// <summary>The provisioner's configuration: every NodePool and ECSNodeClass, each name unique.</summary>
public sealed record ProvisioningConfig(IReadOnlyList<NodePool> NodePools, IReadOnlyList<EcsNodeClass> NodeClasses)
{
    public static ProvisioningConfig Empty { get; } = new([], []);

    public EcsNodeClass? NodeClassFor(NodePool pool) => NodeClasses.FirstOrDefault(c => c.Name == pool.NodeClassRef.Name);
}
