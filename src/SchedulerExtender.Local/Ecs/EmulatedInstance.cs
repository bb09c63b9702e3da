using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Ecs;

/// <summary>An instance the emulator holds. Its Status follows from the clock (see <see cref="EcsEmulator"/>).</summary>
public sealed record EmulatedInstance(
    string InstanceId,
    string RegionId,
    string ZoneId,
    string InstanceType,
    CapacityType CapacityType,
    string SpotStrategy,
    string ImageId,
    string VSwitchId,
    string SecurityGroupId,
    string InstanceName,
    string UserData,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt)
{
    /// <summary>When a reclaim was announced; the instance is released <see cref="EcsEmulatorOptions.ReclaimNotice"/> later.</summary>
    public DateTimeOffset? ReclaimAnnouncedAt { get; init; }

    /// <summary>The ClientToken of the RunInstances call that created it (null when none was sent).</summary>
    public string? ClientToken { get; init; }

    /// <summary>Status as DescribeInstances reports it at <paramref name="now"/>.</summary>
    public string StatusAt(DateTimeOffset now, EcsEmulatorOptions options) =>
        now < CreatedAt + options.PendingDuration ? "Pending"
        : now < CreatedAt + options.PendingDuration + options.StartingDuration ? "Starting"
        : "Running";
}
