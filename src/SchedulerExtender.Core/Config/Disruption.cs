namespace SchedulerExtender.Core.Config;

/// <summary>A NodePool's <c>spec.disruption</c>. A null <see cref="ConsolidateAfter"/> means Never.</summary>
public sealed record Disruption(ConsolidationPolicy ConsolidationPolicy, TimeSpan? ConsolidateAfter, IReadOnlyList<DisruptionBudget> Budgets)
{
    public static Disruption Default { get; } = new(ConsolidationPolicy.WhenEmptyOrUnderutilized, TimeSpan.Zero, [DisruptionBudget.Default]);
}
