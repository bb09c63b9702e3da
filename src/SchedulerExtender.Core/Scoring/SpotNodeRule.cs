using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// Tells spot nodes from the rest by one label (Karpenter's <c>karpenter.sh/capacity-type</c> by
/// default) whose value is one of <see cref="SpotValues"/>. Nodes without the label are on-demand.
/// </summary>
public sealed class SpotNodeRule(string capacityTypeLabel, IEnumerable<string> spotValues)
{
    public const string DefaultLabel = "karpenter.sh/capacity-type";

    // Usually one or two values: a scan beats hashing, and this runs for every node of every call.
    private readonly string[] spotValues = [.. spotValues.Distinct(StringComparer.Ordinal)];

    public static SpotNodeRule Default { get; } = new(DefaultLabel, [CapacityTypes.SpotLabelValue]);

    public string CapacityTypeLabel { get; } = capacityTypeLabel;

    public IReadOnlyCollection<string> SpotValues => spotValues;

    public CapacityType CapacityTypeOf(NodeInfo node) =>
        node.Labels.TryGetValue(CapacityTypeLabel, out var value) && IsSpotValue(value)
            ? CapacityType.Spot
            : CapacityType.OnDemand;

    private bool IsSpotValue(string value)
    {
        foreach (var spot in spotValues)
        {
            if (string.Equals(spot, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
