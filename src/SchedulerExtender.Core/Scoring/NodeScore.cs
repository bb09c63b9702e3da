namespace SchedulerExtender.Core.Scoring;

/// <summary>A node's extender score (0..10, kube-scheduler's MaxExtenderPriority) and why.</summary>
public sealed record NodeScore(string Name, int Score, ScoreBreakdown Breakdown)
{
    public const int MaxScore = 10;

    /// <summary>The reason in words; formatted on demand so the hot path allocates no strings.</summary>
    public string Reason => Breakdown.Describe();
}
