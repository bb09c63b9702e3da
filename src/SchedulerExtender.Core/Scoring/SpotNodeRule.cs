using System.Collections.Concurrent;
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

    // Rules by label and values, so that every part of a process configured alike holds the same
    // instance: what a node cache worked out by one rule is reused by whoever holds the same rule,
    // and "the same" is one reference comparison per node.
    private static readonly ConcurrentDictionary<(string Label, string Values), SpotNodeRule> Shared = new();

    public static SpotNodeRule Default { get; } = Of(DefaultLabel, [CapacityTypes.SpotLabelValue]);

    /// <summary>The one rule of this process for this label and these values (in any order, repeats ignored).</summary>
    public static SpotNodeRule Of(string capacityTypeLabel, IEnumerable<string> spotValues)
    {
        var values = spotValues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return Shared.GetOrAdd((capacityTypeLabel, string.Join('\n', values)), _ => new SpotNodeRule(capacityTypeLabel, values));
    }

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
