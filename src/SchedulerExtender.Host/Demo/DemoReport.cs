using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// The demo's outcome: the application, every instance launched for it, what they cost at their
/// offering's price (instance-hours × price from the emulator's catalogue) and what the same
/// instances would have cost on-demand, and whether the nodes were gone at the end.
/// </summary>
public sealed record DemoReport(
    SparkApplicationSnapshot Application,
    IReadOnlyList<LaunchedInstance> Instances,
    double Cost,
    double OnDemandCost,
    bool NodesGone,
    DateTimeOffset At)
{
    public static DemoReport Create(SparkApplicationSnapshot application, IReadOnlyList<LaunchedInstance> instances, IPriceSource prices, bool nodesGone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(prices);
        double cost = 0, onDemand = 0;
        foreach (var instance in instances)
        {
            var hours = instance.HoursUntil(now);
            var price = prices.Find(instance.InstanceType, instance.Zone, instance.CapacityType)?.PricePerHour ?? 0;
            cost += hours * price;
            // Unknown on-demand price: the instance's own stands in, so the saving is never overstated.
            onDemand += hours * (prices.Find(instance.InstanceType, instance.Zone, CapacityType.OnDemand)?.PricePerHour ?? price);
        }

        return new DemoReport(application, instances, cost, onDemand, nodesGone, now);
    }

    /// <summary>The node each pod ran on, resolved to its instance (null when the node was not seen).</summary>
    public LaunchedInstance? InstanceOf(SparkPodPlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return Instances.FirstOrDefault(i => i.NodeName == placement.Node);
    }

    public IEnumerable<string> Lines()
    {
        var app = Application;
        yield return "";
        yield return $"Summary of {app.Name} ({app.AppId}): {app.State}, work {app.WorkDone:F0}/{app.WorkTotal:F0} executor-seconds "
            + $"(redone {app.WorkRedone:F0}), executors lost {app.ExecutorsLost}, decommissioned {app.ExecutorsDecommissioned}"
            + (app.State != SparkApplicationState.Succeeded && app.Message is { Length: > 0 } message ? $": {message}" : "");
        yield return "";
        yield return $"Nodes launched ({Instances.Count}):";
        yield return $"  {"NODE",-28} {"TYPE",-18} {"CAPACITY",-10} {"ZONE",-15} {"HOURS",7}  PODS";
        foreach (var instance in Instances)
        {
            var pods = app.Placements.Where(p => p.Node == instance.NodeName).GroupBy(p => p.Role).Select(g => $"{g.Count()} {g.Key}");
            yield return $"  {instance.NodeName ?? instance.InstanceId,-28} {instance.InstanceType,-18} {instance.CapacityType.ToLabelValue(),-10} {instance.Zone,-15} {instance.HoursUntil(At),7:F4}  {string.Join(", ", pods)}";
        }

        yield return "";
        yield return "Where each pod ran:";
        foreach (var placement in app.Placements)
        {
            var instance = InstanceOf(placement);
            var where = instance is null ? "" : $" ({instance.InstanceType}, {instance.CapacityType.ToLabelValue()}, {instance.Zone})";
            yield return $"  {placement.Pod,-45} {placement.Role,-9} {placement.Node}{where}";
        }

        var saving = OnDemandCost > 0 ? 1 - (Cost / OnDemandCost) : 0;
        yield return "";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Cost: {Cost:F4} CNY (instance-hours × price); the same nodes on-demand only: {OnDemandCost:F4} CNY; saving {saving:P0}");
        yield return NodesGone ? "All nodes consolidated away." : "Nodes still running at the end: consolidation did not remove them in time.";
    }
}
