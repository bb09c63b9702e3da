namespace SchedulerExtender.Core.Config;

/// <summary>
/// How many of a pool's nodes may be disrupted at once: <see cref="Nodes"/> nodes, or that percent
/// of them when <see cref="IsPercent"/>; active during <see cref="Schedule"/> (cron) for
/// <see cref="Duration"/> when both are set, for the listed reasons (all when empty).
/// </summary>
public sealed record DisruptionBudget(int Nodes, bool IsPercent, string? Schedule, TimeSpan? Duration, IReadOnlyList<string> Reasons)
{
    public static DisruptionBudget Default { get; } = new(10, true, null, null, []);

    /// <summary>Nodes this budget lets go out of <paramref name="nodeCount"/>; percentages round up as Karpenter's do.</summary>
    public int AllowedDisruptions(int nodeCount) =>
        IsPercent ? (int)Math.Ceiling(nodeCount * Nodes / 100.0) : Nodes;
}
