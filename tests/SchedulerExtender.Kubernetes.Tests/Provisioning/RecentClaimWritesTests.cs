using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class RecentClaimWritesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_claim_created_here_counts_until_the_cache_shows_it_or_the_ttl_passes()
    {
        var writes = new RecentClaimWrites();
        writes.Record(Claim("a"), At);

        Names(writes.Apply([Claim("b")], At.AddSeconds(5))).Should().Equal("b", "a");
        Names(writes.Apply([Claim("b")], At + RecentClaimWrites.Ttl)).Should().Equal("b");
        Names(writes.Apply([Claim("b")], At)).Should().Equal(new[] { "b" }, "dropped for good once expired");
    }

    [Fact]
    public void A_launch_recorded_here_wins_over_a_cache_that_shows_the_claim_unlaunched_but_never_over_a_deletion()
    {
        var writes = new RecentClaimWrites();
        writes.Record(Claim("a") with { ProviderId = "cn-hangzhou.i-1" }, At);

        writes.Apply([Claim("a")], At.AddSeconds(1)).Single().ProviderId.Should().Be("cn-hangzhou.i-1");
        writes.Apply([Claim("a") with { Deleting = true }], At.AddSeconds(2)).Single().Deleting.Should().BeTrue();
        writes.Apply([Claim("a")], At.AddSeconds(3)).Single().ProviderId.Should().BeNull("the entry went when the cache showed the deletion");
    }

    [Fact]
    public void The_cache_showing_the_launch_ends_the_entry()
    {
        var writes = new RecentClaimWrites();
        writes.Record(Claim("a") with { ProviderId = "cn-hangzhou.i-1" }, At);

        writes.Apply([Claim("a") with { ProviderId = "cn-hangzhou.i-1", NodeName = "n1" }], At.AddSeconds(1)).Single().NodeName.Should().Be("n1");
        writes.Apply([], At.AddSeconds(2)).Should().BeEmpty("caught up: a claim gone from the cache is gone");
    }

    [Fact]
    public void A_claim_given_up_here_is_hidden_until_the_cache_no_longer_shows_it()
    {
        var writes = new RecentClaimWrites();
        writes.Record(Claim("a"), At);
        writes.Gone("a", At);

        Names(writes.Apply([Claim("a"), Claim("b")], At.AddSeconds(1))).Should().Equal("b");
        Names(writes.Apply([Claim("b")], At.AddSeconds(2))).Should().Equal("b");
        Names(writes.Apply([Claim("a"), Claim("b")], At.AddSeconds(3))).Should().Equal("a", "b");
    }

    private static List<string> Names(IReadOnlyList<NodeClaimResource> claims) => [.. claims.Select(c => c.Name)];

    private static NodeClaimResource Claim(string name) =>
        new(name, At, false, [], new Dictionary<string, string>(), new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "default"),
            new NodeClaimSpec("pool", [], [], [], ResourceAmounts.Zero), [], [], null, null, null, null, []);
}
