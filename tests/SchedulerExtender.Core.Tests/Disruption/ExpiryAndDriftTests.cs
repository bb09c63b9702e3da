using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class ExpiryAndDriftTests
{
    private static readonly ClusterNode Old = Node("old", "ecs.c7.large", pods: Pod("p")) with { CreatedAt = Now.AddHours(-721) };
    private static readonly ClusterNode Drifted = Node("drifted", "ecs.c7.large", pods: Pod("q")) with { Drifted = true };

    public static TheoryData<PlanCase> Rows =>
    [
        new("expired: replaced even at the same price", [Old], "Expired replace old -> ecs.c7.large/spot", [Pool(expireAfter: TimeSpan.FromHours(720))]),
        new("not yet expired", [Old], "", [Pool(expireAfter: TimeSpan.FromHours(722))]),
        new("expireAfter Never", [Old], "", [Pool(expireAfter: null)]),
        new("drifted: replaced", [Drifted], "Drifted replace drifted -> ecs.c7.large/spot"),
        new("drifted with room elsewhere: deleted", [Drifted, Node("host", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv"))], "Drifted delete drifted"),
        new("drift does not wait for consolidateAfter", [Drifted with { LastPodEventAt = Now }], "Drifted replace drifted -> ecs.c7.large/spot"),
        new("the oldest first, one at a time, onto the other", [Old with { Name = "old-2", CreatedAt = Now.AddHours(-730) }, Old], "Expired delete old-2", [Pool(expireAfter: TimeSpan.FromHours(720))]),
        new("drift blocked by a running driver", [Node("d", pods: Driver("drv")) with { Drifted = true }], ""),
        new("drift outside its budget", [Drifted], "", [Pool(budgets: [Budget("0", null, null, "Drifted")])]),
        new("expiry is limited only by budgets without reasons", [Old], "Expired replace old -> ecs.c7.large/spot",
            [Pool(expireAfter: TimeSpan.FromHours(720), budgets: [Budget("0", null, null, "Drifted", "Empty", "Underutilized")])]),
        new("expiry outside a budget without reasons", [Old], "", [Pool(expireAfter: TimeSpan.FromHours(720), budgets: [Budget("0")])]),
        new("an empty drifted node goes as empty", [Node("e") with { Drifted = true }], "Empty delete e"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Plans_expiry_and_drift(PlanCase c) =>
        Render(Plan(Snapshot(c.Nodes, c.Pools), c.Options)).Should().Be(c.Expected, c.Name);

    [Fact]
    public void A_blocked_or_budget_limited_candidate_says_why()
    {
        var blocked = Plan(Snapshot([Node("d", pods: Driver("drv")) with { Drifted = true }])).Blocked;
        blocked.Should().ContainSingle().Which.Should().Match<BlockedCandidate>(b => b.Reason == DisruptionReason.Drifted && b.Why.Contains("Spark driver", StringComparison.Ordinal));

        var limited = Plan(Snapshot([Drifted], [Pool(budgets: [Budget("0", null, null, "Drifted")])])).Blocked;
        limited.Should().ContainSingle(b => b.Reason == DisruptionReason.Drifted).Which.Why.Should().Contain("budget allows no more Drifted");
    }
}
