namespace SchedulerExtender.Core.Config;

/// <summary>The provisioner's configuration: every NodePool and ECSNodeClass, each name unique.</summary>
public sealed record ProvisioningConfig(IReadOnlyList<NodePool> NodePools, IReadOnlyList<EcsNodeClass> NodeClasses)
{
    public static ProvisioningConfig Empty { get; } = new([], []);

    /// <summary>The pool named <paramref name="name"/> (a claim's <c>spec.nodePool</c>); null when it is gone.</summary>
    public NodePool? PoolNamed(string name) => NodePools.FirstOrDefault(p => p.Name == name);

    public EcsNodeClass? NodeClassFor(NodePool pool) => NodeClasses.FirstOrDefault(c => c.Name == pool.NodeClassRef.Name);
}
