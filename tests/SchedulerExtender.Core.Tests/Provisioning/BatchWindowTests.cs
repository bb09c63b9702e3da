using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class BatchWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // first, last, now (ms after T0) -> flush, wait (ms)
    [InlineData(0, 0, 0, false, 1000)]      // one pod just arrived: wait the idle second
    [InlineData(0, 0, 400, false, 600)]
    [InlineData(0, 0, 1000, true, 0)]       // idle for a second: plan
    [InlineData(0, 800, 1500, false, 300)]  // a later pod restarts the idle wait
    [InlineData(0, 9500, 9800, false, 200)] // the 10 s cap is closer than the idle second
    [InlineData(0, 9900, 10000, true, 0)]   // pods keep coming: the cap forces a plan
    [InlineData(0, 0, 60000, true, 0)]      // long overdue
    public void Flushes_after_the_idle_time_or_the_cap(int firstMs, int lastMs, int nowMs, bool flush, int waitMs)
    {
        var decision = BatchWindow.Default.Decide(T0.AddMilliseconds(firstMs), T0.AddMilliseconds(lastMs), T0.AddMilliseconds(nowMs));

        decision.Should().Be(new BatchDecision(flush, TimeSpan.FromMilliseconds(waitMs)));
    }

    [Fact]
    public void Custom_window_is_honoured()
    {
        var window = new BatchWindow(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

        window.Decide(T0, T0.AddMilliseconds(180), T0.AddMilliseconds(190)).Should().Be(new BatchDecision(false, TimeSpan.FromMilliseconds(10)));
        window.Decide(T0, T0.AddMilliseconds(10), T0.AddMilliseconds(60)).Flush.Should().BeTrue();
    }

    [Fact]
    public void A_last_arrival_before_the_first_is_rejected()
    {
        var act = () => BatchWindow.Default.Decide(T0, T0.AddSeconds(-1), T0);

        act.Should().Throw<ArgumentException>().WithMessage("*before the first*");
    }
}
