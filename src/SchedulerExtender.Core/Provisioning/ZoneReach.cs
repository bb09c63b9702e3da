using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Offerings in zones where no node class has a vSwitch cannot be launched, however cheap: the
/// solver must not plan them, or every plan would end in a claim that launches nothing and is
/// planned again the same way.
/// </summary>
public static class ZoneReach
{
    /// <summary>Every offering of the catalogue outside <paramref name="reachableZones"/>, as unavailable offerings valid until <paramref name="until"/>.</summary>
    public static IReadOnlyList<UnavailableOffering> Unreachable(IReadOnlyList<InstanceType> catalog, IReadOnlySet<string> reachableZones, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(reachableZones);
        return [.. catalog.SelectMany(t => t.Offerings
            .Where(o => !reachableZones.Contains(o.Zone))
            .Select(o => new UnavailableOffering(t.Name, o.Zone, o.CapacityType, until)))];
    }
}
