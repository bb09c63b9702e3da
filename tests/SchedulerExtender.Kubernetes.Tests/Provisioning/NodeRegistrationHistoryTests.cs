using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeRegistrationHistoryTests
{
    private static RegistrationOutcome Outcome(int i) => new($"claim-{i}", i % 2 == 0, "", DateTimeOffset.UnixEpoch.AddMinutes(i));

    [Fact]
    public void Keeps_the_last_ten_outcomes_per_pool_oldest_first_and_forgets_a_cleared_pool()
    {
        var history = new NodeRegistrationHistory();
        for (var i = 1; i <= 12; i++)
        {
            history.Record("spot", Outcome(i));
        }

        history.Record("on-demand", Outcome(1));

        history.Of("spot").Select(o => o.NodeClaim).Should().Equal(Enumerable.Range(3, 10).Select(i => $"claim-{i}"));
        history.Of("on-demand").Should().ContainSingle();
        history.Clear("spot");
        history.Of("spot").Should().BeEmpty();
        history.Of("on-demand").Should().ContainSingle();
    }
}
