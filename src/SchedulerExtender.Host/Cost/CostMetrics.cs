using Prometheus;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Cost;

namespace SchedulerExtender.Host.Cost;

/// <summary>
/// The cluster's cost as Prometheus series (CNY). Label sets that no longer exist (a node pool
/// scaled to zero, an instance type gone) are removed, so a dashboard's sum is the current cost.
/// </summary>
public sealed class CostMetrics(IMetricFactory metrics)
{
    private readonly Gauge _costPerHour = metrics.CreateGauge(
        "schedext_cost_per_hour",
        "Current cost of the cluster's nodes in CNY per hour, by node pool, capacity type and instance type (nodes of unknown price excluded).",
        ["nodepool", "capacity_type", "instance_type"]);

    private readonly Counter _costTotal = metrics.CreateCounter(
        "schedext_cost_total",
        "Cost of the cluster's nodes in CNY accumulated since this process started (the hourly cost integrated over time).");

    private readonly Gauge _onDemandPerHour = metrics.CreateGauge(
        "schedext_on_demand_equivalent_cost_per_hour",
        "What the cluster's current nodes would cost on-demand, in CNY per hour.");

    private readonly Gauge _savingRatio = metrics.CreateGauge(
        "schedext_cost_saving_ratio",
        "Fraction of the on-demand equivalent cost not paid (0 to 1).");

    private readonly Gauge _nodes = metrics.CreateGauge(
        "schedext_nodes",
        "Nodes in the cluster by node pool (none when unlabelled) and capacity type.",
        ["nodepool", "capacity_type"]);

    private HashSet<(string, string, string)> _costLabels = [];
    private HashSet<(string, string)> _nodeLabels = [];

    /// <summary>Publishes a snapshot and adds <paramref name="spentSinceLast"/> CNY to the cumulative cost.</summary>
    public void Publish(CostSnapshot snapshot, double spentSinceLast)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var costLabels = new HashSet<(string, string, string)>();
        foreach (var group in snapshot.Groups)
        {
            var labels = (group.NodePool, group.CapacityType.ToLabelValue(), group.InstanceType);
            costLabels.Add(labels);
            _costPerHour.WithLabels(labels.Item1, labels.Item2, labels.Item3).Set(group.CostPerHour);
        }

        foreach (var (pool, capacity, type) in _costLabels.Except(costLabels))
        {
            _costPerHour.RemoveLabelled(pool, capacity, type);
        }

        var nodeLabels = new HashSet<(string, string)>();
        foreach (var count in snapshot.Nodes)
        {
            var labels = (count.NodePool, count.CapacityType.ToLabelValue());
            nodeLabels.Add(labels);
            _nodes.WithLabels(labels.Item1, labels.Item2).Set(count.Nodes);
        }

        foreach (var (pool, capacity) in _nodeLabels.Except(nodeLabels))
        {
            _nodes.RemoveLabelled(pool, capacity);
        }

        (_costLabels, _nodeLabels) = (costLabels, nodeLabels);
        _onDemandPerHour.Set(snapshot.OnDemandEquivalentPerHour);
        _savingRatio.Set(snapshot.SavingRatio);
        if (spentSinceLast > 0)
        {
            _costTotal.Inc(spentSinceLast);
        }
    }
}
