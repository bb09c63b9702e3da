namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>Timing of a <see cref="ListWatchCache{T}"/>.</summary>
public sealed record ListWatchCacheOptions
{
    /// <summary>First wait after a failed list or watch; doubles on each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one watch request lasts before it is renewed (timeoutSeconds), as client-go's 5–10 minutes.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
