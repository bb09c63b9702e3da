using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Configuration section <c>Extender</c>: scoring weights and limits of the kube-scheduler extender.
/// The capacity-type label, spot values and executor policy are the webhook's (section <c>Webhook</c>),
/// so the two can never disagree.
/// </summary>
public sealed class ExtenderOptions
{
    public const string Section = "Extender";

    /// <summary>Weight of price efficiency (what the pod costs per hour on the node).</summary>
    public double PriceWeight { get; set; } = 1;

    /// <summary>Weight of fit (least left-over on the node's most-filled resource).</summary>
    public double FitWeight { get; set; } = 1;

    /// <summary>Weight of interruption risk (spot nodes only; on-demand scores best).</summary>
    public double RiskWeight { get; set; } = 1;

    /// <summary>Spot interruption rate (fraction reclaimed per hour) that scores as the worst risk; default 20% per 30 days.</summary>
    public double RiskCeilingPerHour { get; set; } = ScoringOptions.DefaultRiskCeilingPerHour;

    /// <summary>How many recent decisions <c>GET /extender/explain</c> keeps.</summary>
    public int ExplainCapacity { get; set; } = 32;

    /// <summary>Largest accepted request body; full-mode NodeLists of thousands of nodes run to tens of MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256L * 1024 * 1024;

    public ScoringOptions ToScoringOptions() => new(PriceWeight, FitWeight, RiskWeight, RiskCeilingPerHour);

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(ToScoringOptions().Validate());
        if (ExplainCapacity is < 0 or > 10_000)
        {
            problems.Add($"ExplainCapacity must be between 0 and 10000, got {ExplainCapacity}");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            problems.Add($"MaxRequestBodyBytes must be at least 1024, got {MaxRequestBodyBytes}");
        }

        return problems.Select(p => $"{Section}: {p}").ToList();
    }
}
