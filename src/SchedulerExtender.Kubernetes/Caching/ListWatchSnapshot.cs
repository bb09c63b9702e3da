namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>A list result: the objects and the resourceVersion to watch from.</summary>
public sealed record ListWatchSnapshot<T>(IReadOnlyList<T> Items, string ResourceVersion);
