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
        var values = scores.Select(s => s.Score).ToArray();
        return [.. Best(values, i => scores[i].Name, count).Select(i => scores[i])];
    }

    /// <summary>
    /// The indices of the <paramref name="count"/> highest scores, highest first and ties by name,
    /// in one pass. Names are asked for only to break ties, so a caller without strings at hand
    /// (names still in the request's bytes) makes few.
    /// </summary>
    public static int[] Best(ReadOnlySpan<int> scores, Func<int, string> nameOf, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        var best = new List<int>(Math.Min(count, scores.Length) + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            if (best.Count == count && !Before(scores, nameOf, i, best[^1]))
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && Before(scores, nameOf, i, best[at - 1]))
            {
                at--;
            }

            best.Insert(at, i);
            if (best.Count > count)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        return [.. best];

        static bool Before(ReadOnlySpan<int> scores, Func<int, string> nameOf, int a, int b) => scores[a] > scores[b] || (scores[a] == scores[b] && string.CompareOrdinal(nameOf(a), nameOf(b)) < 0);
    }

    public IReadOnlyList<ExtenderDecision> Recent()
    {
        lock (gate)
        {
            return decisions.Reverse().ToList();
        }
    }
}
