using Prometheus;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Host.Disruption;

/// <summary>
/// Prometheus metrics of the disruption controller (<c>schedext_disruption_*</c>). Label values
/// are bounded: reasons and methods are the planner's, outcomes and kinds fixed sets.
/// </summary>
public sealed class DisruptionMetrics : IDisruptionMetrics
{
    private readonly Counter _actions;
    private readonly Counter _nodes;
    private readonly Counter _saving;
    private readonly Counter _abandoned;
    private readonly Counter _reclaims;
    private readonly Counter _evictions;
    private readonly Counter _orphans;
    private readonly Counter _terminated;

    /// <summary>The label values of <c>schedext_disruption_actions_abandoned_total</c>.</summary>
    public static readonly IReadOnlyList<string> AbandonCauses = ["replacement_failed", "replacement_timeout"];

    /// <summary>The label values of <c>schedext_disruption_orphans_collected_total</c>.</summary>
    public static readonly IReadOnlyList<string> OrphanKinds = ["instance", "nodeclaim"];

    public DisruptionMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _actions = factory.CreateCounter("schedext_disruption_actions_total", "Voluntary disruptions started, by reason and method (delete or replace).",
            new CounterConfiguration { LabelNames = ["reason", "method"] });
        _nodes = factory.CreateCounter("schedext_disruption_nodes_total", "Nodes voluntarily disrupted, by reason.",
            new CounterConfiguration { LabelNames = ["reason"] });
        _saving = factory.CreateCounter("schedext_disruption_hourly_saving_cny_total",
            "Sum of the hourly savings (CNY per hour) of the disruptions started: its increase over a window is the hourly cost removed in it.",
            new CounterConfiguration { LabelNames = ["reason"] });
        _abandoned = factory.CreateCounter("schedext_disruption_actions_abandoned_total",
            "Replace commands given up before their nodes were touched, by cause (replacement_failed, replacement_timeout).",
            new CounterConfiguration { LabelNames = ["cause"] });
        _reclaims = factory.CreateCounter("schedext_disruption_spot_reclaims_total", "Spot reclaim notices answered (taint, replacement, evictions).");
        _evictions = factory.CreateCounter("schedext_disruption_evictions_total", "Eviction requests, by outcome (evicted, blocked by a PodDisruptionBudget, gone, error; deleted: removed without eviction at the drain deadline).",
            new CounterConfiguration { LabelNames = ["outcome"] });
        _orphans = factory.CreateCounter("schedext_disruption_orphans_collected_total", "Orphans removed: instances without a NodeClaim, NodeClaims without an instance.",
            new CounterConfiguration { LabelNames = ["kind"] });
        // Rare events start at 0: a series born at its first increment hides that increment from increase(), so an alert would miss it.
        foreach (var cause in AbandonCauses)
        {
            _abandoned.WithLabels(cause);
        }

        foreach (var kind in OrphanKinds)
        {
            _orphans.WithLabels(kind);
        }

        _terminated = factory.CreateCounter("schedext_disruption_nodes_terminated_total", "Nodes whose termination finished (instance released, Node and NodeClaim removed).");
    }

    public void ActionStarted(string reason, string method, int nodes, double savingPerHour)
    {
        _actions.WithLabels(reason, method).Inc();
        _nodes.WithLabels(reason).Inc(nodes);
        if (savingPerHour > 0)
        {
            _saving.WithLabels(reason).Inc(savingPerHour);
        }
    }

    public void ActionAbandoned(string cause) => _abandoned.WithLabels(cause).Inc();

    public void SpotReclaimHandled() => _reclaims.Inc();

    public void Eviction(string outcome) => _evictions.WithLabels(outcome).Inc();

    public void OrphanCollected(string kind) => _orphans.WithLabels(kind).Inc();

    public void NodeTerminated() => _terminated.Inc();
}
