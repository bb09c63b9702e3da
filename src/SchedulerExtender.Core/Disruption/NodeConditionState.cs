namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// One of a node's status conditions as node repair reads it: its type and status, and since when
/// it has that status (<c>lastTransitionTime</c>; null when not given, then nothing is counted from it).
/// </summary>
public sealed record NodeConditionState(string Type, string Status, DateTimeOffset? Since);
