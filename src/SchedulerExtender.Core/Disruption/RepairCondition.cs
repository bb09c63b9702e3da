namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A node condition that makes a node unhealthy once it has held for <paramref name="After"/>, as
/// Karpenter's repair policies (condition type, status, toleration duration): typically one a
/// node-problem-detector writes, such as <c>KernelDeadlock=True</c> or <c>ReadonlyFilesystem=True</c>.
/// The Ready condition has its own setting, <see cref="DisruptionOptions.RepairAfter"/>.
/// </summary>
public sealed record RepairCondition(string Type, string Status, TimeSpan After);
