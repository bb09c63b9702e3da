using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>Resolves an ECSNodeClass's vSwitch, security-group and image selectors against the cloud.</summary>
public interface INodeClassResolver
{
    /// <exception cref="InvalidOperationException">The selectors match nothing or are invalid; the message says which.</exception>
    Task<NodeClassLaunchSettings> ResolveAsync(EcsNodeClass nodeClass, CancellationToken cancellationToken);
}
