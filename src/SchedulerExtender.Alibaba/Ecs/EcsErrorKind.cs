namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>What an ECS error code means for the caller.</summary>
public enum EcsErrorKind
{
    /// <summary>A bad request or anything unclassified: not retried.</summary>
    Invalid,
    /// <summary>No stock for the type/zone/capacity: try another offering.</summary>
    NoStock,
    /// <summary>Throttling*: retried with a longer backoff and jitter.</summary>
    Throttled,
    /// <summary>ServiceUnavailable, InternalError, network errors: a few bounded retries.</summary>
    Transient,
    /// <summary>The resource is gone.</summary>
    NotFound,
    /// <summary>The same ClientToken was used with different parameters: a bug, never retried.</summary>
    IdempotencyConflict,
    /// <summary>Authentication, signature or permission errors: never retried.</summary>
    Auth,
}
