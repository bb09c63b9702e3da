using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Cost;

/// <summary>
/// Prices the current nodes: each at its offering's hourly price (its type, zone and capacity
/// type), and at the on-demand price of the same type and zone for the on-demand equivalent.
/// When the on-demand price is unknown the node's own price stands in, so the saving is never
/// overstated. Groups and counts come out sorted, so equal inputs give equal outputs.
/// </summary>
public static class CostCalculator
{
    public static CostSnapshot Calculate(IEnumerable<CostNode> nodes, IPriceSource prices)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(prices);
        var all = nodes.ToList();
        var unpriced = new List<string>();
        var priced = new List<(CostNode Node, double Price, double OnDemand)>();
        foreach (var node in all)
        {
            if (node.InstanceType is not { } type || node.Zone is not { } zone || prices.Find(type, zone, node.CapacityType) is not { } offering)
            {
                unpriced.Add(node.Name);
                continue;
            }

            var onDemand = node.CapacityType == CapacityType.OnDemand
                ? offering.PricePerHour
                : prices.Find(type, zone, CapacityType.OnDemand)?.PricePerHour ?? offering.PricePerHour;
            priced.Add((node, offering.PricePerHour, onDemand));
        }

        var groups = priced
            .GroupBy(p => (p.Node.NodePool, p.Node.CapacityType, Type: p.Node.InstanceType!))
            .Select(g => new CostGroup(g.Key.NodePool, g.Key.CapacityType, g.Key.Type, g.Count(), g.Sum(p => p.Price), g.Sum(p => p.OnDemand)))
            .OrderBy(g => g.NodePool, StringComparer.Ordinal).ThenBy(g => g.CapacityType).ThenBy(g => g.InstanceType, StringComparer.Ordinal)
            .ToList();
        var counts = all
            .GroupBy(n => (n.NodePool, n.CapacityType))
            .Select(g => new NodeCount(g.Key.NodePool, g.Key.CapacityType, g.Count()))
            .OrderBy(c => c.NodePool, StringComparer.Ordinal).ThenBy(c => c.CapacityType)
            .ToList();
        return new CostSnapshot(groups, counts, [.. unpriced.Order(StringComparer.Ordinal)]);
    }
}
