using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Testing.Scoring;

/// <summary>A price source over a fixed table of offerings, keyed by instance type; no I/O.</summary>
public sealed class TablePriceSource : IPriceSource
{
    private readonly Dictionary<(string Type, string Zone, CapacityType Capacity), Offering> offerings = [];

    /// <summary>Adds (or replaces) one price; returns this for chaining.</summary>
    public TablePriceSource With(string instanceType, string zone, CapacityType capacityType, double pricePerHour, double? interruptionRate = null)
    {
        offerings[(instanceType, zone, capacityType)] = new Offering(zone, capacityType, pricePerHour, true, interruptionRate);
        return this;
    }

    public Offering? Find(string instanceType, string zone, CapacityType capacityType) =>
        offerings.GetValueOrDefault((instanceType, zone, capacityType));

    public InstanceType? FindType(string instanceType)
    {
        var own = offerings.Where(o => o.Key.Type == instanceType).Select(o => o.Value).ToList();
        return own.Count == 0 ? null : new InstanceType(instanceType, InstanceType.FamilyOf(instanceType), "amd64", 0, 0, 0, own);
    }
}
