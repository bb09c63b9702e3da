namespace SchedulerExtender.Core.Provisioning;

/// <summary>The solver's answer: pods onto in-flight capacity, new node claims, and pods that fit nowhere.</summary>
public sealed record LaunchPlan(
    IReadOnlyList<PodPlacement> OnInFlight,
    IReadOnlyList<NodeClaimPlan> NewClaims,
    IReadOnlyList<UnschedulablePod> Unschedulable)
{
    /// <summary>What the new claims cost per hour at their first candidates.</summary>
    public double NewClaimsPricePerHour => NewClaims.Sum(c => c.PricePerHour);
}
