namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>An instance from DescribeInstances (memory in MiB as that action reports it).</summary>
public sealed record EcsInstance(
    string InstanceId,
    string InstanceName,
    string InstanceType,
    string RegionId,
    string ZoneId,
    string Status,
    string SpotStrategy,
    DateTimeOffset CreationTime,
    int Cpu,
    int MemoryMiB,
    string ImageId,
    string VSwitchId,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> LockReasons);
