using System.Globalization;
using System.Text;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// Why a node got its score, as data. Each criterion is in 0..1 (1 best); 0.5 is the neutral
/// value used when the input it needs is unknown. <see cref="PricePerHour"/> is in CNY.
/// </summary>
public sealed record ScoreBreakdown(
    CapacityType CapacityType,
    double? PricePerHour,
    double? PodShare,
    double PriceScore,
    double Fit,
    bool FitKnowsUsage,
    double Risk,
    double? InterruptionRate,
    string? Note = null)
{
    /// <summary>One line for logs and the explain endpoint, e.g. "spot 0.081 CNY/h, share 0.25, price 1.00, fit 0.92, risk low".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CapacityType.ToLabelValue());
        text.Append(PricePerHour is { } price ? string.Create(CultureInfo.InvariantCulture, $" {price:0.0###} CNY/h") : " price unknown");
        if (PodShare is { } share)
        {
            text.Append(CultureInfo.InvariantCulture, $", share {share:0.###}");
        }

        text.Append(CultureInfo.InvariantCulture, $", price {PriceScore:0.00}, fit {Fit:0.00}");
        if (!FitKnowsUsage)
        {
            text.Append(" (allocatable only)");
        }

        text.Append(", risk ").Append(RiskLabel);
        if (Note is not null)
        {
            text.Append(", ").Append(Note);
        }

        return text.ToString();
    }

    /// <summary>"on-demand", "low", "medium", "high" or "unknown".</summary>
    public string RiskLabel => CapacityType == CapacityType.OnDemand ? "on-demand"
        : InterruptionRate is null ? "unknown"
        : Risk >= 2.0 / 3 ? "low"
        : Risk >= 1.0 / 3 ? "medium"
        : "high";
}
