using System.Collections.Concurrent;
using k8s.Models;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// <see cref="INodeSource"/> over the Kubernetes list+watch <see cref="NodeCache"/>, for
/// nodeCacheCapable calls. Each node is converted once per node version (the cache swaps in a new
/// <see cref="V1Node"/> when a node changes) into a <see cref="CachedNode"/> by the extender's
/// spot rule and kept by name, so that a call looking up thousands of names allocates nothing: a
/// name is found by its characters, and while the cache's snapshot is the one an entry was checked
/// against, the entry is current without asking the snapshot. Like the full-list parser, it keeps
/// only the labels, annotations and conditions the extender reads (<see cref="NodeFieldSelection"/>).
/// </summary>
public sealed class NodeCacheSource : INodeSource
{
    private readonly NodeCache cache;
    private readonly SpotNodeRule spotRule;
    private readonly NodeFieldSelection fields;
    private readonly ConcurrentDictionary<string, Entry> byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> byChars;

    public NodeCacheSource(NodeCache cache, SpotNodeRule spotRule)
    {
        this.cache = cache;
        this.spotRule = spotRule;
        fields = NodeFieldSelection.ReadBy(spotRule);
        byChars = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public CachedNode? Find(string name)
    {
        var snapshot = cache.Nodes;
        return byName.TryGetValue(name, out var entry) && ReferenceEquals(entry.CheckedAgainst, snapshot)
            ? entry.Node
            : Refresh(name, entry, snapshot);
    }

    public CachedNode? Find(ReadOnlySpan<char> name)
    {
        var snapshot = cache.Nodes;
        if (byChars.TryGetValue(name, out var key, out var entry))
        {
            return ReferenceEquals(entry.CheckedAgainst, snapshot) ? entry.Node : Refresh(key, entry, snapshot);
        }

        // First time this name is asked for (or it is not a node): a string, once.
        return Refresh(name.ToString(), null, snapshot);
    }

    private CachedNode? Refresh(string name, Entry? known, IReadOnlyDictionary<string, V1Node> snapshot)
    {
        if (!snapshot.TryGetValue(name, out var node))
        {
            if (known is not null)
            {
                byName.TryRemove(name, out _);
            }

            return null;
        }

        if (known is not null && ReferenceEquals(known.Source, node))
        {
            // Unchanged node, newer snapshot: remember that it was checked, without allocating.
            known.CheckedAgainst = snapshot;
            return known.Node;
        }

        var entry = new Entry(node, new CachedNode(ToNodeInfo(node, fields), spotRule), snapshot);
        byName[name] = entry;
        if (known is null && byName.Count > (2 * snapshot.Count) + 64)
        {
            Prune(snapshot);
        }

        return entry.Node;
    }

    /// <summary>Forgets names of nodes that are gone and were not asked for since (spot nodes come and go).</summary>
    private void Prune(IReadOnlyDictionary<string, V1Node> snapshot)
    {
        foreach (var name in byName.Keys)
        {
            if (!snapshot.ContainsKey(name))
            {
                byName.TryRemove(name, out _);
            }
        }
    }

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

    private sealed class Entry(V1Node source, CachedNode node, IReadOnlyDictionary<string, V1Node> checkedAgainst)
    {
        private volatile IReadOnlyDictionary<string, V1Node> checkedAgainst = checkedAgainst;

        /// <summary>The cache's object <see cref="Node"/> was made from.</summary>
        public V1Node Source { get; } = source;

        public CachedNode Node { get; } = node;

        /// <summary>The cache snapshot in which <see cref="Source"/> was last seen current.</summary>
        public IReadOnlyDictionary<string, V1Node> CheckedAgainst
        {
            get => checkedAgainst;
            set => checkedAgainst = value;
        }
    }
}
