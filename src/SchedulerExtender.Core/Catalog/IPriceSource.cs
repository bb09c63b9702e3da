namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// Current prices by instance type, zone and capacity type, in any region the source knows.
/// Implementations keep the last good prices when a refresh fails; lookups never do I/O.
/// </summary>
public interface IPriceSource
{
    /// <summary>The offering for that type, zone and capacity type, or null when unknown.</summary>
    Offering? Find(string instanceType, string zone, CapacityType capacityType);

    /// <summary>The instance type, or null when unknown.</summary>
    InstanceType? FindType(string instanceType);
}
