namespace SchedulerExtender.Core.Placement;

/// <summary>A core/v1 toleration, as added to executors for a spot taint.</summary>
public sealed record Toleration(string Key, string Operator = "Exists", string? Value = null, string? Effect = "NoSchedule");
