namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A region from DescribeRegions.</summary>
public sealed record EcsRegion(string RegionId, string LocalName, string RegionEndpoint);
