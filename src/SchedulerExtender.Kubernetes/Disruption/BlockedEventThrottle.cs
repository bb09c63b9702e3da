using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// Which of the planner's blocked candidates get a <c>DisruptionBlocked</c> Event this pass, so a
/// node held back for hours does not write an Event every pass (Karpenter de-duplicates its
/// <c>DisruptionBlocked</c> / <c>Unconsolidatable</c> events the same way). A node is recorded
/// when first seen blocked, when the reason it would be disrupted for changes, and again once
/// <c>interval</c> has passed. The explanation is deliberately not compared: it holds changing
/// figures ("abandoned 3m ago"), which would make every pass look new. Owned by the controller's
/// single loop.
/// </summary>
public sealed class BlockedEventThrottle(TimeSpan interval)
{
    private readonly Dictionary<string, (DisruptionReason Reason, DateTimeOffset RecordedAt)> _recorded = new(StringComparer.Ordinal);

    /// <summary>Nodes remembered (blocked when last seen and still present); bounded by the cluster's nodes.</summary>
    public int TrackedNodes => _recorded.Count;

    /// <summary>
    /// Returns the candidates to record an Event for now (one per node, the planner's first) and
    /// remembers them. Nodes not in <paramref name="liveNodes"/> are forgotten. When
    /// <paramref name="complete"/>, <paramref name="blocked"/> is every blocked node of the pass and
    /// nodes missing from it are forgotten too, so a node blocked again later is recorded at once;
    /// when not (the planner stopped at a method that found a command, or answered reclaims first),
    /// a node missing from the list may simply not have been looked at, and is kept.
    /// </summary>
    public IReadOnlyList<BlockedCandidate> Select(IEnumerable<BlockedCandidate> blocked, IReadOnlySet<string> liveNodes, bool complete, DateTimeOffset now)
    {
        var firstPerNode = blocked.GroupBy(b => b.Node, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var stillBlocked = firstPerNode.Select(b => b.Node).ToHashSet(StringComparer.Ordinal);
        foreach (var node in _recorded.Keys.Where(n => !liveNodes.Contains(n) || (complete && !stillBlocked.Contains(n))).ToList())
        {
            _recorded.Remove(node);
        }

        var due = new List<BlockedCandidate>();
        foreach (var candidate in firstPerNode.Where(b => liveNodes.Contains(b.Node)))
        {
            if (_recorded.TryGetValue(candidate.Node, out var last) && last.Reason == candidate.Reason && now - last.RecordedAt < interval)
            {
                continue;
            }

            _recorded[candidate.Node] = (candidate.Reason, now);
            due.Add(candidate);
        }

        return due;
    }
}
