using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// An instance type prepared once per solve: its label values, allocatable before ephemeral
/// storage and DaemonSets, what it counts against NodePool limits, and its buyable offerings
/// (available and not in the no-stock cache) with their expected cost (price × spot risk + the
/// per-node cost), cheapest first.
/// </summary>
internal sealed class TypeProfile
{
    public TypeProfile(InstanceType type, NodeReservation reservation, SolverOptions options, Func<InstanceType, Offering, bool> isBuyable)
    {
        Type = type;
        Cpu = ((long)Math.Round(type.Vcpu)).ToString(CultureInfo.InvariantCulture);
        MemoryMiB = ((long)Math.Round(type.MemoryMiB)).ToString(CultureInfo.InvariantCulture);
        BaseAllocatable = reservation.Allocatable(type, 0);
        Capacity = reservation.Capacity(type, 0);
        var offerings = new List<OfferingProfile>();
        foreach (var o in type.Offerings)
        {
            // A zero or negative price is a gap in the price data, not a free node.
            if (o.Available && o.PricePerHour > 0 && isBuyable(type, o))
            {
                var risk = o.CapacityType == CapacityType.Spot ? options.RiskMultiplier(o.InterruptionRate) : 1.0;
                offerings.Add(new OfferingProfile(o, (o.PricePerHour * risk) + options.NodeCostPerHour));
            }
        }

        offerings.Sort(static (a, b) =>
        {
            var c = a.ExpectedCost.CompareTo(b.ExpectedCost);
            return c != 0 ? c : string.CompareOrdinal(a.Offering.Zone, b.Offering.Zone);
        });
        Offerings = [.. offerings];
    }

    public InstanceType Type { get; }

    public string Name => Type.Name;

    public string Cpu { get; }

    public string MemoryMiB { get; }

    public ResourceAmounts BaseAllocatable { get; }

    /// <summary>Nominal capacity: what Karpenter counts against a pool's limits.</summary>
    public ResourceAmounts Capacity { get; }

    public OfferingProfile[] Offerings { get; }

    /// <summary>The value this type gives a launch-decided label (null when the type does not set it).</summary>
    public string? Label(string key) => key switch
    {
        WellKnownLabels.InstanceType => Type.Name,
        WellKnownLabels.InstanceFamily => Type.Family,
        WellKnownLabels.Arch => Type.Architecture,
        WellKnownLabels.Os => "linux",
        WellKnownLabels.InstanceCpu => Cpu,
        WellKnownLabels.InstanceMemory => MemoryMiB,
        _ => null,
    };
}
