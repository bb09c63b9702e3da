namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>
/// RunInstances for one instance. <paramref name="ClientToken"/> (ASCII, at most 64 characters) makes
/// the call idempotent: sending it again returns the instance the first call created.
/// </summary>
public sealed record RunInstancesRequest(
    string ZoneId,
    string InstanceType,
    string ImageId,
    string VSwitchId,
    string SecurityGroupId,
    string ClientToken,
    SpotStrategy SpotStrategy,
    IReadOnlyDictionary<string, string> Tags,
    string SystemDiskCategory,
    int SystemDiskSizeGiB,
    string? SystemDiskPerformanceLevel = null,
    string? UserData = null,
    string? InstanceName = null,
    double? SpotPriceLimit = null,
    int? SpotDuration = null);
