using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Cost;

/// <summary>
/// What the cost of a node depends on, read from its well-known labels. A node without a
/// <c>karpenter.sh/capacity-type</c> label is paid for as on-demand (a cluster's own nodes);
/// without a node pool it is reported under <see cref="NoNodePool"/>.
/// </summary>
public sealed record CostNode(string Name, string NodePool, CapacityType CapacityType, string? InstanceType, string? Zone)
{
    public const string NoNodePool = "none";
    public const string NodePoolLabel = "karpenter.sh/nodepool";
    public const string CapacityTypeLabel = "karpenter.sh/capacity-type";
    public const string InstanceTypeLabel = "node.kubernetes.io/instance-type";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static CostNode FromLabels(string name, IReadOnlyDictionary<string, string>? labels)
    {
        string? Label(string key) => labels is not null && labels.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        return new CostNode(
            name,
            Label(NodePoolLabel) ?? NoNodePool,
            CapacityTypes.FromLabelValue(Label(CapacityTypeLabel)) ?? CapacityType.OnDemand,
            Label(InstanceTypeLabel),
            Label(ZoneLabel));
    }
}
