namespace SchedulerExtender.Core.Catalog;

/// <summary>Conversions between <see cref="CapacityType"/> and Karpenter's label values.</summary>
public static class CapacityTypes
{
    public const string SpotLabelValue = "spot";
    public const string OnDemandLabelValue = "on-demand";

    public static string ToLabelValue(this CapacityType capacityType) =>
        capacityType == CapacityType.Spot ? SpotLabelValue : OnDemandLabelValue;

    /// <summary>Parses a label value; null for values that name neither (a cluster's own label scheme).</summary>
    public static CapacityType? FromLabelValue(string? value) => value switch
    {
        SpotLabelValue => CapacityType.Spot,
        OnDemandLabelValue => CapacityType.OnDemand,
        _ => null,
    };
}
