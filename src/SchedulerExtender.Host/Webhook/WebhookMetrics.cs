using Prometheus;

namespace SchedulerExtender.Host.Webhook;

/// <summary>Admissions by role and outcome, and how long each took.</summary>
public sealed class WebhookMetrics(IMetricFactory metrics)
{
    private readonly Counter _admissions = WithKnownCombinations(metrics.CreateCounter(
        "schedext_webhook_admissions_total",
        "Pod admissions answered by the webhook, by Spark role (driver, executor, none, unknown) and outcome (mutated, unchanged, ignored, opted_out, rejected, error).",
        ["role", "outcome"]));

    private readonly Histogram _duration = metrics.CreateHistogram(
        "schedext_webhook_admission_duration_seconds",
        "Time to decide one admission, from parsed body to written answer, by Spark role.",
        new HistogramConfiguration
        {
            LabelNames = ["role"],
            Buckets = Histogram.ExponentialBuckets(0.000_05, 2, 14),
        });

    // The combinations the webhook produces start at 0: a series born at its first admission hides
    // that admission from increase(), so the first error (or the first driver) would escape the alerts.
    private static Counter WithKnownCombinations(Counter admissions)
    {
        foreach (var role in new[] { "driver", "executor" })
        {
            foreach (var outcome in new[] { "mutated", "unchanged", "opted_out" })
            {
                admissions.WithLabels(role, outcome);
            }
        }

        admissions.WithLabels("none", "ignored");
        admissions.WithLabels("none", "error");
        admissions.WithLabels("unknown", "rejected");
        return admissions;
    }

    public void Record(string role, string outcome, TimeSpan elapsed)
    {
        _admissions.WithLabels(role, outcome).Inc();
        _duration.WithLabels(role).Observe(elapsed.TotalSeconds);
    }
}
