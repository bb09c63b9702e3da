using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Karpenter's NodePool disruption budgets: every budget that applies to the reason and is active
/// now (no schedule, or inside a window of <c>duration</c> opened by <c>schedule</c>) allows its
/// node count (percentages of the pool's nodes, rounded up); the most restrictive wins; nodes
/// already disrupting or not ready are taken off. With no active budget, disruption is unbounded.
/// </summary>
public static class DisruptionBudgets
{
    /// <summary>How many more of the pool's nodes may be disrupted now for <paramref name="reason"/>.</summary>
    public static int Allowed(NodePool pool, int nodeCount, int disrupting, DisruptionReason reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var allowed = int.MaxValue;
        foreach (var budget in pool.Disruption.Budgets)
        {
            if (AppliesTo(budget, reason) && IsActive(budget, now))
            {
                allowed = Math.Min(allowed, budget.AllowedDisruptions(nodeCount));
            }
        }

        return allowed == int.MaxValue ? int.MaxValue : Math.Max(0, allowed - disrupting);
    }

    /// <summary>
    /// A budget without reasons applies to every reason; Expired is never listed, so only those
    /// limit it. A retirement is a drift on request, so a budget listing Drifted limits it too.
    /// </summary>
    public static bool AppliesTo(DisruptionBudget budget, DisruptionReason reason) =>
        budget.Reasons.Count == 0 || budget.Reasons.Contains((reason == DisruptionReason.Retired ? DisruptionReason.Drifted : reason).ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Whether a budget is in force now. A schedule that does not parse keeps the budget always in
    /// force: failing towards fewer disruptions is the safe side.
    /// </summary>
    public static bool IsActive(DisruptionBudget budget, DateTimeOffset now)
    {
        if (budget.Schedule is null)
        {
            return true;
        }

        try
        {
            return CronSchedule.Parse(budget.Schedule).IsActive(now, budget.Duration ?? TimeSpan.Zero);
        }
        catch (FormatException)
        {
            return true;
        }
    }
}
