using k8s.Models;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// The last time a pod was bound to or left each node, from the pods seen at each pass
/// (consolidation waits <c>consolidateAfter</c> from it). A node first seen takes the newest
/// creation time of its pods (after a restart nothing better is known); a change in its set of
/// running pods moves it to now. Owned by the controller's single loop.
/// </summary>
public sealed class PodEventTracker
{
    private readonly Dictionary<string, (HashSet<string> Pods, DateTimeOffset? At)> _nodes = new(StringComparer.Ordinal);

    /// <summary>Records the pods now running on nodes (bound, not finished); nodes no longer in <paramref name="liveNodes"/> are forgotten.</summary>
    public void Observe(IEnumerable<V1Pod> boundPods, IReadOnlySet<string> liveNodes, DateTimeOffset now)
    {
        foreach (var gone in _nodes.Keys.Where(n => !liveNodes.Contains(n)).ToList())
        {
            _nodes.Remove(gone);
        }

        var byNode = boundPods.GroupBy(p => p.Spec.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (node, pods) in byNode.Where(n => liveNodes.Contains(n.Key)))
        {
            var keys = pods.Select(Key).ToHashSet(StringComparer.Ordinal);
            if (!_nodes.TryGetValue(node, out var seen))
            {
                _nodes[node] = (keys, pods.Max(p => p.Metadata?.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : (DateTimeOffset?)null));
            }
            else if (!seen.Pods.SetEquals(keys))
            {
                _nodes[node] = (keys, now);
            }
        }

        foreach (var node in _nodes.Where(n => !byNode.ContainsKey(n.Key) && n.Value.Pods.Count > 0).Select(n => n.Key).ToList())
        {
            _nodes[node] = ([], now);
        }
    }

    public DateTimeOffset? LastEventAt(string node) => _nodes.TryGetValue(node, out var seen) ? seen.At : null;

    private static string Key(V1Pod pod) => $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";
}
