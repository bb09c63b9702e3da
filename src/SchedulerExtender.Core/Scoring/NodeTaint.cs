namespace SchedulerExtender.Core.Scoring;

/// <summary>A node taint as core/v1 spells it (<c>effect</c> is NoSchedule, PreferNoSchedule or NoExecute).</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect);
