using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// One filter, prioritize or preempt answer, kept for <c>GET /extender/explain</c>: the best scores (highest
/// first, ties by name) and the first rejections, with the full count of rejections.
/// </summary>
public sealed record ExtenderDecision(
    DateTimeOffset At,
    string Verb,
    string Pod,
    SparkGuard Guard,
    int NodesConsidered,
    IReadOnlyList<NodeScore> Scores,
    IReadOnlyList<NodeRejection> Rejections,
    int RejectedCount);
