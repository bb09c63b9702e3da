using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Testing.Scoring;

/// <summary>
/// An in-memory node cache and usage table, standing in for the Kubernetes list+watch caches. Its
/// nodes are kept by <paramref name="spotRule"/> (the default one unless given), as the real cache
/// keeps them by the extender's.
/// </summary>
public sealed class InMemoryNodeCache(SpotNodeRule? spotRule = null) : INodeSource, INodeUsage
{
    private readonly SpotNodeRule spotRule = spotRule ?? SpotNodeRule.Default;
    private readonly Dictionary<string, CachedNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceAmounts> usage = new(StringComparer.Ordinal);

    public InMemoryNodeCache Add(NodeInfo node, ResourceAmounts? requested = null)
    {
        nodes[node.Name] = new CachedNode(node, spotRule);
        if (requested is { } used)
        {
            usage[node.Name] = used;
        }

        return this;
    }

    public CachedNode? Find(string name) => nodes.GetValueOrDefault(name);

    public ResourceAmounts? Requested(string nodeName) => usage.TryGetValue(nodeName, out var used) ? used : null;
}
