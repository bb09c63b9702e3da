using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// What to do at once for a node whose spot instance is being reclaimed (not subject to budgets):
/// remember <see cref="UnavailableOffering"/> so the solver avoids it, taint the node with
/// <see cref="Taint"/>, launch <see cref="Replacement"/> (pods that fit on other nodes are in its
/// <see cref="LaunchPlan.OnInFlight"/>), and evict <see cref="Evict"/> gracefully within the
/// notice, executors first.
/// </summary>
public sealed record InterruptionCommand(
    string Node,
    UnavailableOffering UnavailableOffering,
    Taint Taint,
    LaunchPlan Replacement,
    IReadOnlyList<PodReference> Evict,
    string Explanation);
