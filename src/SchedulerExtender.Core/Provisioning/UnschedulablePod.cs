namespace SchedulerExtender.Core.Provisioning;

/// <summary>A pod no node pool can host, and why, in words an operator can act on.</summary>
public sealed record UnschedulablePod(PodReference Pod, string Reason);
