using k8s.Models;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// <see cref="INodeSource"/> over the Kubernetes list+watch <see cref="NodeCache"/>, for
/// nodeCacheCapable calls. Each node is converted into a <see cref="CachedNode"/> by the extender's
/// spot rule when the cache's writer loop lists or changes it (a few a second at 5,000 nodes), and
/// kept by name in a <see cref="Utf8NameTable{TValue}"/>, so that a call looking up thousands of
/// names finds each by the UTF-8 bytes kube-scheduler sent, without allocating or waiting. Like
/// the full-list parser, it keeps only the labels, annotations and conditions the extender reads
/// (<see cref="NodeFieldSelection"/>).
/// </summary>
public sealed class NodeCacheSource : INodeSource
{
    private readonly SpotNodeRule spotRule;
    private readonly NodeFieldSelection fields;
    private readonly Utf8NameTable<CachedNode> byName = new();
    private readonly Lock writing = new();

    public NodeCacheSource(NodeCache cache, SpotNodeRule spotRule)
    {
        this.spotRule = spotRule;
        fields = NodeFieldSelection.ReadBy(spotRule);
        cache.Cache.Listed += Relisted;
        cache.Cache.Changed += Changed;
        lock (writing)
        {
            // Made after the cache has listed (it normally starts first): catch up. Reading the
            // snapshot under the lock means no change is applied before an older snapshot.
            if (cache.HasSynced)
            {
                Relist(cache.Nodes);
            }
        }
    }

    public CachedNode? Find(string name) => byName.Find(name);

    public CachedNode? FindUtf8(ReadOnlySpan<byte> name) => byName.Find(name);

    public void FindAllUtf8(ReadOnlySpan<byte> utf8Names, ReadOnlySpan<int> ends, Span<CachedNode?> found) => byName.FindAll(utf8Names, ends, found);

    private void Relisted(IReadOnlyDictionary<string, V1Node> nodes)
    {
        lock (writing)
        {
            Relist(nodes);
        }
    }

    private void Relist(IReadOnlyDictionary<string, V1Node> nodes) =>
        byName.ReplaceAll(nodes.Where(n => n.Key.Length > 0).Select(n => KeyValuePair.Create(n.Key, Convert(n.Value))));

    private void Changed(V1Node? before, V1Node? after)
    {
        lock (writing)
        {
            if (after?.Metadata?.Name is { Length: > 0 } name)
            {
                byName.Set(name, Convert(after));
            }
            else if (before?.Metadata?.Name is { Length: > 0 } gone)
            {
                byName.Remove(gone);
            }
        }
    }

    private CachedNode Convert(V1Node node) => new(ToNodeInfo(node, fields), spotRule);

    /// <summary>The fields the extender reads (those <paramref name="fields"/> selects), from a KubernetesClient node.</summary>
    public static NodeInfo ToNodeInfo(V1Node node, NodeFieldSelection fields)
    {
        var allocatable = node.Status?.Allocatable;
        return new NodeInfo(
            node.Metadata?.Name ?? "",
            Select(node.Metadata?.Labels, fields.Labels),
            Select(node.Metadata?.Annotations, fields.Annotations),
            node.Spec?.Taints?.Select(t => new NodeTaint(t.Key ?? "", t.Value, t.Effect ?? "")).ToArray() ?? [],
            node.Status?.Conditions?
                .Where(c => fields.ConditionTypes is not { } wanted || wanted.Contains(c.Type ?? ""))
                .Select(c => new NodeCondition(c.Type ?? "", c.Status ?? "")).ToArray() ?? [],
            allocatable is null ? null : new ResourceAmounts(
                KubernetesQuantity.ToMilli(allocatable.TryGetValue("cpu", out var cpu) ? cpu.ToString() : null),
                KubernetesQuantity.ToWhole(allocatable.TryGetValue("memory", out var memory) ? memory.ToString() : null)));
    }

    private static IReadOnlyDictionary<string, string> Select(IDictionary<string, string>? source, NodeFieldSelection.KeySet? keep) =>
        source is null ? new Dictionary<string, string>()
        : keep is null ? new Dictionary<string, string>(source, StringComparer.Ordinal)
        : keep.Select(source);
}
