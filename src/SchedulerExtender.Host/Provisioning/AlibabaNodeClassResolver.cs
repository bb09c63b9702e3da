using SchedulerExtender.Alibaba.NodeClass;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using AlibabaImageTerm = SchedulerExtender.Alibaba.NodeClass.ImageSelectorTerm;
using AlibabaSelectorTerm = SchedulerExtender.Alibaba.NodeClass.SelectorTerm;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>The provisioner's <see cref="INodeClassResolver"/> on the Alibaba <see cref="NodeClassResolver"/> (VPC and ECS lookups, cached).</summary>
public sealed class AlibabaNodeClassResolver(NodeClassResolver resolver) : INodeClassResolver
{
    public async Task<NodeClassLaunchSettings> ResolveAsync(EcsNodeClass nodeClass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeClass);
        var selectors = new NodeClassSelectors(
            [.. nodeClass.VSwitchSelectorTerms.Select(t => Term(nodeClass.Name, "vSwitchSelectorTerms", t))],
            [.. nodeClass.SecurityGroupSelectorTerms.Select(t => Term(nodeClass.Name, "securityGroupSelectorTerms", t))],
            [.. nodeClass.ImageSelectorTerms.Select(t => new AlibabaImageTerm(t.Alias, t.Id))]);
        try
        {
            var resolved = await resolver.ResolveAsync(selectors, cancellationToken).ConfigureAwait(false);
            return new NodeClassLaunchSettings(resolved.VSwitchChoices, resolved.SecurityGroupIds, resolved.ImageIdByArchitecture);
        }
        catch (NodeClassResolutionException e)
        {
            throw new InvalidOperationException($"ECSNodeClass {nodeClass.Name}: {e.Message}", e);
        }
    }

    // The cloud's selectors know tags and IDs; a name term has no lookup there, so it is refused
    // with the field named rather than silently matching nothing.
    private static AlibabaSelectorTerm Term(string nodeClass, string field, Core.Config.SelectorTerm term) =>
        term.Id is { Length: > 0 } id ? AlibabaSelectorTerm.ById(id)
        : term.Tags.Count > 0 ? AlibabaSelectorTerm.ByTags(term.Tags)
        : throw new InvalidOperationException($"ECSNodeClass {nodeClass}: a {field} entry selects by name, which is not supported; select by tags or id.");
}
