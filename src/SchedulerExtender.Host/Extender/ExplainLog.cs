using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The last N extender decisions, newest first, for <c>GET /extender/explain</c>. Decisions arrive
/// trimmed (see <see cref="Best"/>) and unformatted, so keeping them costs the hot path next to nothing.
/// </summary>
public sealed class ExplainLog(int capacity)
{
    private readonly Queue<ExtenderDecision> decisions = new();
    private readonly Lock gate = new();

    public void Record(ExtenderDecision decision)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (gate)
        {
            if (decisions.Count == capacity)
            {
                decisions.Dequeue();
            }

            decisions.Enqueue(decision);
        }
    }

    /// <summary>The <paramref name="count"/> highest scores, highest first and ties by name, in one pass.</summary>
    public static NodeScore[] Best(IReadOnlyList<NodeScore> scores, int count)
    {
        var best = new List<NodeScore>(Math.Min(count, scores.Count) + 1);
        if (count <= 0)
        {
            return [];
        }

        foreach (var score in scores)
        {
            if (best.Count == count && !Before(score, best[^1]))
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && Before(score, best[at - 1]))
            {
                at--;
            }

            best.Insert(at, score);
            if (best.Count > count)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        return [.. best];
    }

    public IReadOnlyList<ExtenderDecision> Recent()
    {
        lock (gate)
        {
            return decisions.Reverse().ToList();
        }
    }

    private static bool Before(NodeScore a, NodeScore b) =>
        a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.Name, b.Name) < 0);
}
