namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Why a node is voluntarily disrupted. Empty, Drifted and Underutilized are Karpenter's budget
/// reasons; Expired is never listed in a budget's <c>reasons</c>, so only budgets without reasons
/// limit it. Unhealthy is node repair's (<see cref="NodeRepair"/>): never limited by budgets.
/// Retired is a node schedext did not launch whose retirement was asked
/// (<see cref="NodeRetirement"/>): it goes drift's way, so the budgets that limit Drifted limit it.
/// </summary>
public enum DisruptionReason
{
    Empty,
    Drifted,
    Expired,
    Underutilized,
    Unhealthy,
    Retired,
}
