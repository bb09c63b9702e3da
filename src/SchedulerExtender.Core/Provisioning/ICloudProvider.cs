using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The cloud as the provisioner sees it: launch, remove, look up and list the instances this
/// cluster owns, and the instance types it can buy. Modelled on Karpenter's CloudProvider
/// (Create, Delete, Get, List, GetInstanceTypes). Implementations tag every instance at launch
/// (<see cref="InstanceTags"/>) so that <see cref="ListAsync"/> sees everything they ever created.
/// <para>Outcomes are typed: <see cref="InsufficientCapacityException"/> when no candidate offering
/// has stock, <see cref="InstanceNotFoundException"/> when an instance is gone. Any other exception
/// is an error the caller may retry later (launches are idempotent per node claim).</para>
/// </summary>
public interface ICloudProvider
{
    /// <summary>
    /// Launches one instance for the node claim, trying the candidate offerings in the given order
    /// (cheapest first). Calling it again for the same node claim returns the instance already
    /// launched instead of launching a second one.
    /// </summary>
    /// <exception cref="InsufficientCapacityException">No candidate offering had stock.</exception>
    Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Releases the instance. An instance that is already gone counts as deleted.</summary>
    Task DeleteAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The instance's current state.</summary>
    /// <exception cref="InstanceNotFoundException">The instance does not exist (any more).</exception>
    Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Every instance carrying this cluster's managed-by tags, in any state.</summary>
    Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The instance types of the provider's region with their offerings and current prices.</summary>
    Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken);
}
