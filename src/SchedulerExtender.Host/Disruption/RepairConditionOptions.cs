namespace SchedulerExtender.Host.Disruption;

/// <summary>One entry of <c>Disruption:RepairConditions</c>: a node condition type and status, and how long it may hold before the node is repaired.</summary>
public sealed record RepairConditionOptions
{
    public string Type { get; init; } = "";

    public string Status { get; init; } = "True";

    public TimeSpan After { get; init; } = TimeSpan.FromMinutes(30);
}
