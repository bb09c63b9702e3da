namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>
/// Which failures are retried and how long to wait: exponential backoff with full jitter,
/// throttling with a longer base than transient errors, at most <see cref="MaxAttempts"/> sends.
/// </summary>
public sealed record EcsRetryPolicy
{
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ThrottledBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    public static bool IsRetryable(EcsErrorKind kind) => kind is EcsErrorKind.Throttled or EcsErrorKind.Transient;

    /// <summary>
    /// The wait before attempt <paramref name="failedAttempt"/> + 1: a uniform draw in
    /// [0, min(MaxDelay, base · 2^(failedAttempt-1))] (full jitter spreads clients apart).
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempt, EcsErrorKind kind, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var baseDelay = kind == EcsErrorKind.Throttled ? ThrottledBaseDelay : TransientBaseDelay;
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * Math.Clamp(unitRandom, 0, 1));
    }
}
