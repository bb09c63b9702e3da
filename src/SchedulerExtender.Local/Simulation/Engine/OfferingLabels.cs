using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>The labels a node of this type and offering carries (Karpenter's and the Alibaba provider's well-known ones, and its pool's).</summary>
internal static class OfferingLabels
{
    public static Dictionary<string, string> For(InstanceType type, Offering offering, NodePool? pool)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WellKnownLabels.InstanceType] = type.Name,
            [WellKnownLabels.Zone] = offering.Zone,
            [WellKnownLabels.CapacityType] = offering.CapacityType.ToLabelValue(),
            [WellKnownLabels.Arch] = type.Architecture,
            [WellKnownLabels.Os] = "linux",
            [WellKnownLabels.InstanceFamily] = type.Family,
            [WellKnownLabels.InstanceCpu] = type.Vcpu.ToString(CultureInfo.InvariantCulture),
            [WellKnownLabels.InstanceMemory] = type.MemoryMiB.ToString(CultureInfo.InvariantCulture),
        };
        if (pool is not null)
        {
            labels[WellKnownLabels.NodePool] = pool.Name;
            foreach (var (key, value) in pool.Labels)
            {
                labels[key] = value;
            }
        }

        return labels;
    }
}
