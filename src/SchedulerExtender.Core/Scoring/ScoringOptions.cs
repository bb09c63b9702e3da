namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// How the scorer weighs its three criteria (relative weights, at least one positive) and how
/// it judges interruption risk: a spot interruption rate at or above
/// <paramref name="RiskCeilingPerHour"/> (fraction of instances reclaimed per hour, the unit of
/// <see cref="Catalog.Offering.InterruptionRate"/>) scores as the worst risk.
/// </summary>
public sealed record ScoringOptions(
    double PriceWeight = 1,
    double FitWeight = 1,
    double RiskWeight = 1,
    double RiskCeilingPerHour = ScoringOptions.DefaultRiskCeilingPerHour)
{
    /// <summary>
    /// 20% of instances released over 30 days — the top bucket of ECS DescribeSpotAdvice — spread
    /// evenly over the hours, as <see cref="Catalog.SpotInterruption"/> converts rates.
    /// </summary>
    public const double DefaultRiskCeilingPerHour = 0.2 / Catalog.SpotInterruption.HoursInAdviceWindow;

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, weight) in new[] { (nameof(PriceWeight), PriceWeight), (nameof(FitWeight), FitWeight), (nameof(RiskWeight), RiskWeight) })
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                problems.Add($"{name} must be a finite number >= 0, got {weight}");
            }
        }

        if (problems.Count == 0 && PriceWeight + FitWeight + RiskWeight <= 0)
        {
            problems.Add("at least one of PriceWeight, FitWeight, RiskWeight must be > 0");
        }

        if (!double.IsFinite(RiskCeilingPerHour) || RiskCeilingPerHour <= 0)
        {
            problems.Add($"RiskCeilingPerHour must be a finite number > 0, got {RiskCeilingPerHour}");
        }

        return problems;
    }
}
