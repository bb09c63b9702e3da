using System.Runtime.CompilerServices;
using k8s.Models;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// <see cref="INodeSource"/> over the Kubernetes list+watch <see cref="NodeCache"/>, for
/// nodeCacheCapable calls. The cache swaps in a new <see cref="V1Node"/> when a node changes, so a
/// conversion is remembered per node object and done once per node version, not once per call.
/// </summary>
public sealed class NodeCacheSource(NodeCache cache) : INodeSource
{
    private readonly ConditionalWeakTable<V1Node, NodeInfo> converted = [];

    public NodeInfo? Find(string name) =>
        cache.Get(name) is { } node ? converted.GetValue(node, ToNodeInfo) : null;

    /// <summary>The fields the extender reads, from a KubernetesClient node.</summary>
    public static NodeInfo ToNodeInfo(V1Node node)
    {
        var allocatable = node.Status?.Allocatable;
        return new NodeInfo(
            node.Metadata?.Name ?? "",
            Copy(node.Metadata?.Labels),
            Copy(node.Metadata?.Annotations),
            node.Spec?.Taints?.Select(t => new NodeTaint(t.Key ?? "", t.Value, t.Effect ?? "")).ToArray() ?? [],
            node.Status?.Conditions?.Select(c => new NodeCondition(c.Type ?? "", c.Status ?? "")).ToArray() ?? [],
            allocatable is null ? null : new ResourceAmounts(
                KubernetesQuantity.ToMilli(allocatable.TryGetValue("cpu", out var cpu) ? cpu.ToString() : null),
                KubernetesQuantity.ToWhole(allocatable.TryGetValue("memory", out var memory) ? memory.ToString() : null)));
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? source) =>
        source is null ? [] : new Dictionary<string, string>(source, StringComparer.Ordinal);
}
