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

    /// <summary>
    /// An object that stays the same exactly as long as every answer of this source does, so a
    /// caller may remember answers until it changes (the extender's scorer does, per cached node).
    /// The default, a new object on every read, lets nothing be remembered.
    /// </summary>
    object Version => new();
}
