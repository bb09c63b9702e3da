namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The JSON of <c>GET /extender/explain</c>: recent decisions, newest first; per decision the best
/// scored nodes (highest first, ties by name) and the rejected nodes, each with its reason.
/// </summary>
public sealed record ExplainView(IReadOnlyList<ExplainView.Decision> Decisions)
{
    /// <summary>Nodes listed per decision; a 5,000-node call would otherwise be an unreadable page.</summary>
    public const int NodesPerDecision = 20;

    public static ExplainView From(IReadOnlyList<ExtenderDecision> recent, int limit) =>
        new(recent.Take(Math.Clamp(limit, 0, 1000)).Select(ToView).ToList());

    private static Decision ToView(ExtenderDecision d) => new(
        d.At,
        d.Verb,
        d.Pod,
        d.Guard.ToString(),
        d.NodesConsidered,
        d.Scores.Select(s => new ScoredNode(s.Name, s.Score, s.Reason)).ToList(),
        d.Rejections.Select(r => new RejectedNode(r.Node, ExtenderMetrics.ReasonLabel(r.Failure), r.Message)).ToList(),
        d.RejectedCount);

    public sealed record Decision(
        DateTimeOffset At,
        string Verb,
        string Pod,
        string Guard,
        int NodesConsidered,
        IReadOnlyList<ScoredNode> TopScores,
        IReadOnlyList<RejectedNode> Rejections,
        int RejectedCount);

    public sealed record ScoredNode(string Node, int Score, string Reason);

    public sealed record RejectedNode(string Node, string Reason, string Message);
}
