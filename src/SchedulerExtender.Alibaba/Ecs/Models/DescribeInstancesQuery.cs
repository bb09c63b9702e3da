namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>DescribeInstances filters: instance IDs (at most 100) and tags (at most 20), ANDed.</summary>
public sealed record DescribeInstancesQuery(
    IReadOnlyList<string>? InstanceIds = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    int PageNumber = 1,
    int PageSize = 100);
