using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The labels a node launched for a pool gets: the pool's template labels, then the well-known
/// labels (they win): <c>karpenter.sh/nodepool</c>, <c>karpenter.sh/capacity-type</c>,
/// <c>node.kubernetes.io/instance-type</c>, <c>topology.kubernetes.io/zone</c>,
/// <c>kubernetes.io/arch</c>, <c>kubernetes.io/os</c> and the Alibaba provider's instance family,
/// CPU and memory labels — the same values the solver matched requirements against.
/// </summary>
public static class NodeLabels
{
    public static IReadOnlyDictionary<string, string> For(NodePool pool, InstanceType type, string zone, CapacityType capacityType)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(type);
        var labels = new Dictionary<string, string>(pool.Labels, StringComparer.Ordinal)
        {
            [WellKnownLabels.NodePool] = pool.Name,
            [WellKnownLabels.CapacityType] = capacityType.ToLabelValue(),
            [WellKnownLabels.InstanceType] = type.Name,
            [WellKnownLabels.Zone] = zone,
            [WellKnownLabels.Arch] = type.Architecture,
            [WellKnownLabels.Os] = "linux",
            [WellKnownLabels.InstanceFamily] = type.Family,
            [WellKnownLabels.InstanceCpu] = ((long)Math.Round(type.Vcpu)).ToString(CultureInfo.InvariantCulture),
            [WellKnownLabels.InstanceMemory] = ((long)Math.Round(type.MemoryMiB)).ToString(CultureInfo.InvariantCulture),
        };
        return labels;
    }

    /// <summary>The labels every one of the label sets has with the same value: what is known before the cloud picks a candidate.</summary>
    public static IReadOnlyDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> sets)
    {
        Dictionary<string, string>? common = null;
        foreach (var set in sets)
        {
            if (common is null)
            {
                common = new Dictionary<string, string>(set, StringComparer.Ordinal);
                continue;
            }

            foreach (var (key, value) in common.ToList())
            {
                if (!set.TryGetValue(key, out var other) || other != value)
                {
                    common.Remove(key);
                }
            }
        }

        return common ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>A taint as the kubelet's --register-with-taints takes it: <c>key=value:Effect</c> or <c>key:Effect</c>.</summary>
    public static string Format(Taint taint) =>
        string.IsNullOrEmpty(taint.Value) ? $"{taint.Key}:{taint.Effect}" : $"{taint.Key}={taint.Value}:{taint.Effect}";
}
