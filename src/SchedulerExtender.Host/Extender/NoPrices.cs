using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Host.Extender;

/// <summary>Stands in until a real price source is registered: every price unknown, so price scores are neutral.</summary>
internal sealed class NoPrices : IPriceSource
{
    public Offering? Find(string instanceType, string zone, CapacityType capacityType) => null;

    public InstanceType? FindType(string instanceType) => null;
}
