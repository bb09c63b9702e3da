namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A zone from DescribeZones.</summary>
public sealed record EcsZone(string ZoneId, string LocalName);
