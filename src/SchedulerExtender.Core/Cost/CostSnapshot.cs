namespace SchedulerExtender.Core.Cost;

/// <summary>
/// The cluster's cost now (CNY per hour). <see cref="SavingRatio"/> is the fraction of the
/// on-demand equivalent not paid (0 when nothing is priced). Nodes whose price is unknown (no
/// instance type or zone label, or a type/zone the price source does not have) are counted in
/// <see cref="Nodes"/> and named in <see cref="UnpricedNodes"/>, but cost nothing here.
/// </summary>
public sealed record CostSnapshot(
    IReadOnlyList<CostGroup> Groups,
    IReadOnlyList<NodeCount> Nodes,
    IReadOnlyList<string> UnpricedNodes)
{
    public double CostPerHour => Groups.Sum(g => g.CostPerHour);

    public double OnDemandEquivalentPerHour => Groups.Sum(g => g.OnDemandCostPerHour);

    public double SavingRatio => OnDemandEquivalentPerHour > 0 ? 1 - (CostPerHour / OnDemandEquivalentPerHour) : 0;
}
