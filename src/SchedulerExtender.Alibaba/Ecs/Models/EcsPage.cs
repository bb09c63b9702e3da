namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>One page of a paged Describe action; <paramref name="NextToken"/> is null or empty on the last page.</summary>
public sealed record EcsPage<T>(IReadOnlyList<T> Items, string? NextToken, int TotalCount);
