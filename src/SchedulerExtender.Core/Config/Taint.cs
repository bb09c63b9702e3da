namespace SchedulerExtender.Core.Config;

/// <summary>A core/v1 taint on a NodePool's nodes. Effect is NoSchedule, PreferNoSchedule or NoExecute.</summary>
public sealed record Taint(string Key, string? Value, string Effect);
