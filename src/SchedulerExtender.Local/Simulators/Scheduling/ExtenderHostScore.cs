namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>One entry of a <c>HostPriorityList</c>: a node and its extender score (0..10).</summary>
public sealed record ExtenderHostScore(string Host, long Score);
