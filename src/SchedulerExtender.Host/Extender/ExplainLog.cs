namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The last N extender decisions, newest first, for <c>GET /extender/explain</c>. Recording keeps
/// references only (no copies, no formatting), so it costs the hot path next to nothing.
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

    public IReadOnlyList<ExtenderDecision> Recent()
    {
        lock (gate)
        {
            return decisions.Reverse().ToList();
        }
    }
}
