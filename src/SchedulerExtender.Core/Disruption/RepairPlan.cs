namespace SchedulerExtender.Core.Disruption;

/// <summary><see cref="NodeRepair.Plan"/>'s answer: the nodes to terminate now, and those due that are held back, with why.</summary>
public sealed record RepairPlan(IReadOnlyList<RepairCommand> Repairs, IReadOnlyList<BlockedCandidate> Blocked);
