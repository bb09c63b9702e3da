using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A new node to launch: its pool, the pods it is for, their summed requests, the capacity type
/// wanted, whether on-demand may be used when no spot candidate launches, the zones allowed, and
/// the candidates cheapest first (spot first, then the on-demand fallback when allowed), so a
/// stock-out falls through to the next.
/// </summary>
public sealed record NodeClaimPlan(
    string NodePool,
    IReadOnlyList<PodReference> Pods,
    ResourceAmounts Requests,
    CapacityType CapacityType,
    bool OnDemandFallback,
    IReadOnlyList<string> Zones,
    IReadOnlyList<LaunchCandidate> Candidates)
{
    /// <summary>The price of the first candidate: what the plan expects to pay per hour.</summary>
    public double PricePerHour => Candidates.Count == 0 ? 0 : Candidates[0].Offering.PricePerHour;
}
