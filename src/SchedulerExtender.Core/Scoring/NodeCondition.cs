namespace SchedulerExtender.Core.Scoring;

/// <summary>A node status condition: its type and status ("True", "False", "Unknown").</summary>
public sealed record NodeCondition(string Type, string Status);
