using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class PodBatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BatchWindow Window = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    [Fact]
    public void New_pods_are_planned_once_after_the_idle_time_and_not_again_while_they_wait()
    {
        var batch = new PodBatch();

        batch.Observe(["a"], Window, T0).Should().BeFalse();
        batch.Observe(["a", "b"], Window, T0.AddMilliseconds(500)).Should().BeFalse();
        batch.Observe(["a", "b"], Window, T0.AddMilliseconds(1200)).Should().BeFalse("b arrived 0.7 s ago");
        batch.Observe(["a", "b"], Window, T0.AddMilliseconds(1500)).Should().BeTrue();
        batch.Observe(["a", "b"], Window, T0.AddSeconds(5)).Should().BeFalse("nothing new: capacity is on its way");
    }

    [Fact]
    public void A_replan_request_plans_the_waiting_pods_again()
    {
        var batch = new PodBatch();
        batch.Observe(["a"], Window, T0);
        batch.Observe(["a"], Window, T0.AddSeconds(1)).Should().BeTrue();

        batch.RequestReplan();

        batch.Observe(["a"], Window, T0.AddSeconds(2)).Should().BeFalse();
        batch.Observe(["a"], Window, T0.AddSeconds(3)).Should().BeTrue();
    }

    [Fact]
    public void The_cap_plans_a_steady_trickle()
    {
        var batch = new PodBatch();
        var pods = new List<string>();
        var flushed = false;
        for (var ms = 0; ms <= 10_000 && !flushed; ms += 500)
        {
            pods.Add($"p{ms}");
            flushed = batch.Observe(pods, Window, T0.AddMilliseconds(ms));
        }

        flushed.Should().BeTrue("a pod every 0.5 s never leaves the batch idle, but 10 s is the cap");
    }
}
