using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Host.Demo;

/// <summary>An ECS instance the demo saw: what it was, which Node it became, and when it went (null while it lives).</summary>
public sealed record LaunchedInstance(
    string InstanceId,
    string InstanceType,
    CapacityType CapacityType,
    string Zone,
    DateTimeOffset LaunchedAt,
    string? NodeName,
    DateTimeOffset? ReleasedAt)
{
    /// <summary>Billed hours up to <paramref name="now"/> (or the release).</summary>
    public double HoursUntil(DateTimeOffset now) => Math.Max(0, ((ReleasedAt ?? now) - LaunchedAt).TotalHours);
}
