using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Tests.Ecs;

public sealed class EcsRetryPolicyTests
{
    private static readonly EcsRetryPolicy Policy = new()
    {
        TransientBaseDelay = TimeSpan.FromMilliseconds(100),
        ThrottledBaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(5),
    };

    [Theory]
    [InlineData(1, EcsErrorKind.Transient, 1.0, 100)]
    [InlineData(2, EcsErrorKind.Transient, 1.0, 200)]
    [InlineData(3, EcsErrorKind.Transient, 0.5, 200)]
    [InlineData(1, EcsErrorKind.Throttled, 1.0, 1000)]
    [InlineData(3, EcsErrorKind.Throttled, 1.0, 4000)]
    [InlineData(4, EcsErrorKind.Throttled, 1.0, 5000)]
    [InlineData(40, EcsErrorKind.Throttled, 1.0, 5000)]
    [InlineData(2, EcsErrorKind.Throttled, 0.0, 0)]
    public void Backoff_doubles_with_full_jitter_up_to_the_cap(int failedAttempt, EcsErrorKind kind, double unitRandom, double expectedMs) =>
        Policy.DelayAfter(failedAttempt, kind, unitRandom).TotalMilliseconds.Should().BeApproximately(expectedMs, 0.001);
}
