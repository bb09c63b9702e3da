using Prometheus;

namespace SchedulerExtender.Host.Webhook;

/// <summary>Admissions by role and outcome, and how long each took.</summary>
public sealed class WebhookMetrics(IMetricFactory metrics)
{
    private readonly Counter _admissions = metrics.CreateCounter(
        "schedext_webhook_admissions_total",
        "Pod admissions answered by the webhook, by Spark role (driver, executor, none, unknown) and outcome (mutated, unchanged, ignored, opted_out, rejected, error).",
        ["role", "outcome"]);

    private readonly Histogram _duration = metrics.CreateHistogram(
        "schedext_webhook_admission_duration_seconds",
        "Time to decide one admission, from parsed body to written answer, by Spark role.",
        new HistogramConfiguration
        {
            LabelNames = ["role"],
            Buckets = Histogram.ExponentialBuckets(0.000_05, 2, 14),
        });

    public void Record(string role, string outcome, TimeSpan elapsed)
    {
        _admissions.WithLabels(role, outcome).Inc();
        _duration.WithLabels(role).Observe(elapsed.TotalSeconds);
    }
}
