using Prometheus;
using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Extender;

/// <summary>Prometheus metrics of the extender; label values come from closed sets (verbs, <see cref="FilterFailure"/>).</summary>
public sealed class ExtenderMetrics
{
    /// <summary>The histogram of the time the extender takes per call, by label <c>verb</c>.</summary>
    public const string DurationMetric = "schedext_extender_request_duration_seconds";

    private readonly Histogram duration;
    private readonly Histogram nodesConsidered;
    private readonly Counter nodesFailed;
    private readonly Counter preemptionNodesRemoved;
    private readonly Counter requests;

    public ExtenderMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        duration = factory.CreateHistogram(DurationMetric, "Time to answer one kube-scheduler extender call, parse to last byte.",
            new HistogramConfiguration { LabelNames = ["verb"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        nodesConsidered = factory.CreateHistogram("schedext_extender_nodes_considered", "Nodes in one extender call.",
            new HistogramConfiguration { LabelNames = ["verb"], Buckets = [1, 10, 50, 100, 500, 1000, 2000, 5000, 10000] });
        nodesFailed = factory.CreateCounter("schedext_extender_nodes_failed_total", "Nodes the extender filter rejected, by reason.",
            new CounterConfiguration { LabelNames = ["reason"] });
        preemptionNodesRemoved = factory.CreateCounter("schedext_extender_preemption_nodes_removed_total",
            "Nodes the extender took out of kube-scheduler's preemption candidates (their victims are not evicted), by reason.",
            new CounterConfiguration { LabelNames = ["reason"] });
        requests = factory.CreateCounter("schedext_extender_requests_total", "Extender calls by verb and outcome (ok, bad_request).",
            new CounterConfiguration { LabelNames = ["verb", "outcome"] });
    }

    public void Answered(string verb, int nodes, TimeSpan elapsed)
    {
        requests.WithLabels(verb, "ok").Inc();
        nodesConsidered.WithLabels(verb).Observe(nodes);
        duration.WithLabels(verb).Observe(elapsed.TotalSeconds);
    }

    public void Rejected(string verb) => requests.WithLabels(verb, "bad_request").Inc();

    public void Failed(IReadOnlyList<NodeRejection> rejections) => CountByReason(nodesFailed, rejections);

    public void RemovedFromPreemption(IReadOnlyList<NodeRejection> rejections) => CountByReason(preemptionNodesRemoved, rejections);

    private static void CountByReason(Counter counter, IReadOnlyList<NodeRejection> rejections)
    {
        // Count first: one labelled increment per reason, not per node.
        var counts = new int[Enum.GetValues<FilterFailure>().Length];
        foreach (var rejection in rejections)
        {
            counts[(int)rejection.Failure]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                counter.WithLabels(ReasonLabel((FilterFailure)i)).Inc(counts[i]);
            }
        }
    }

    public static string ReasonLabel(FilterFailure failure) => failure switch
    {
        FilterFailure.DriverOnSpot => "driver_on_spot",
        FilterFailure.ExecutorNeedsSpot => "executor_needs_spot",
        FilterFailure.Disrupted => "disrupted",
        FilterFailure.SpotReclaim => "spot_reclaim",
        FilterFailure.UnknownNode => "unknown_node",
        FilterFailure.EvictsSparkDriver => "evicts_spark_driver",
        _ => "other",
    };
}
