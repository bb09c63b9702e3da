using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>One way to host a group: a pool target, an instance type, its best offering of one capacity type, and how many of the group's pods fit on one node.</summary>
internal readonly record struct LaunchOption(PoolTarget Target, TypeProfile Type, OfferingProfile Offering, long PodsPerNode, ResourceAmounts Allocatable)
{
    public double Cost => Offering.ExpectedCost;

    /// <summary>Full order: cost, then name, then zone, so equal prices never depend on input order.</summary>
    public static int Compare(LaunchOption a, LaunchOption b)
    {
        var c = a.Cost.CompareTo(b.Cost);
        c = c != 0 ? c : string.CompareOrdinal(a.Type.Name, b.Type.Name);
        c = c != 0 ? c : a.Offering.Offering.CapacityType.CompareTo(b.Offering.Offering.CapacityType);
        c = c != 0 ? c : string.CompareOrdinal(a.Offering.Offering.Zone, b.Offering.Offering.Zone);
        return c != 0 ? c : string.CompareOrdinal(a.Target.Requirements.Key, b.Target.Requirements.Key);
    }
}
