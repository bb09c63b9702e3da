using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Testing.Scoring;

/// <summary>An in-memory node cache and usage table, standing in for the Kubernetes list+watch caches.</summary>
public sealed class InMemoryNodeCache : INodeSource, INodeUsage
{
    private readonly Dictionary<string, NodeInfo> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceAmounts> usage = new(StringComparer.Ordinal);

    public InMemoryNodeCache Add(NodeInfo node, ResourceAmounts? requested = null)
    {
        nodes[node.Name] = node;
        if (requested is { } used)
        {
            usage[node.Name] = used;
        }

        return this;
    }

    public NodeInfo? Find(string name) => nodes.GetValueOrDefault(name);

    public ResourceAmounts? Requested(string nodeName) => usage.TryGetValue(nodeName, out var used) ? used : null;
}
