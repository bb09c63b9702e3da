using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>Identifies an offering: instance type, zone and capacity type.</summary>
public sealed record OfferingKey(string InstanceType, string Zone, CapacityType CapacityType)
{
    public override string ToString() => $"{InstanceType}/{Zone}/{CapacityType.ToLabelValue()}";
}
