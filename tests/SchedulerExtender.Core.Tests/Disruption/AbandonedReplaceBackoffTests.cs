using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>A node whose replace was abandoned is not replaced again within the back-off, but may still be deleted.</summary>
public sealed class AbandonedReplaceBackoffTests
{
    private static ClusterNode Abandoned(ClusterNode node, int minutesAgo) => node with { ReplaceAbandonedAt = Now.AddMinutes(-minutesAgo) };

    /// <summary>An under-used node the planner replaces by a cheaper one when nothing holds it back.</summary>
    private static ClusterNode Dear() => Node("a", "ecs.c7.2xlarge", pods: Pod("p"));

    public static TheoryData<PlanCase> Rows =>
    [
        new("never abandoned: replaced", [Dear()], "Underutilized replace a -> ecs.c7.large/spot"),
        new("abandoned 3 minutes ago: not replaced", [Abandoned(Dear(), 3)], ""),
        new("abandoned just under the back-off ago: not replaced", [Dear() with { ReplaceAbandonedAt = Now.AddMinutes(-15).AddSeconds(1) }], ""),
        new("abandoned the back-off ago: replaced", [Abandoned(Dear(), 15)], "Underutilized replace a -> ecs.c7.large/spot"),
        new("abandoned an hour ago: replaced", [Abandoned(Dear(), 60)], "Underutilized replace a -> ecs.c7.large/spot"),
        new("no back-off configured: replaced", [Abandoned(Dear(), 3)], "Underutilized replace a -> ecs.c7.large/spot",
            Options: DisruptionOptions.Default with { AbandonedReplaceBackoff = TimeSpan.Zero }),
        new("a longer back-off holds it longer", [Abandoned(Dear(), 20)], "",
            Options: DisruptionOptions.Default with { AbandonedReplaceBackoff = TimeSpan.FromMinutes(30) }),
        new("empty with a recent abandon: still deleted", [Abandoned(Node("e"), 3)], "Empty delete e"),
        new("pods fit elsewhere, recent abandon: still deleted",
            [Abandoned(Node("a", pods: Pod("p")), 3), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("driver"))], "Underutilized delete a"),
        new("drifted with a recent abandon: not replaced", [Abandoned(Node("d", "ecs.c7.large", pods: Pod("q")) with { Drifted = true }, 3)], ""),
        new("drifted with room elsewhere and a recent abandon: still deleted",
            [Abandoned(Node("d", "ecs.c7.large", pods: Pod("q")) with { Drifted = true }, 3), Node("host", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv"))],
            "Drifted delete d"),
        new("drifted, abandoned long ago: replaced", [Abandoned(Node("d", "ecs.c7.large", pods: Pod("q")) with { Drifted = true }, 16)], "Drifted replace d -> ecs.c7.large/spot"),
        new("abandoned twice, 20 minutes ago: the back-off doubled to 30 minutes", [Abandoned(Dear(), 20) with { ReplaceAbandons = 2 }], ""),
        new("abandoned twice, 30 minutes ago: replaced", [Abandoned(Dear(), 30) with { ReplaceAbandons = 2 }], "Underutilized replace a -> ecs.c7.large/spot"),
        new("abandoned ten times, 3 hours ago: held by the 4-hour maximum", [Abandoned(Dear(), 180) with { ReplaceAbandons = 10 }], ""),
        new("abandoned ten times, 4 hours ago: replaced", [Abandoned(Dear(), 240) with { ReplaceAbandons = 10 }], "Underutilized replace a -> ecs.c7.large/spot"),
        new("no growth when the maximum is the back-off", [Abandoned(Dear(), 20) with { ReplaceAbandons = 3 }], "Underutilized replace a -> ecs.c7.large/spot",
            Options: DisruptionOptions.Default with { AbandonedReplaceBackoffMax = TimeSpan.FromMinutes(15) }),
        new("the back-off of one node does not hold another", [Abandoned(Node("e", pods: Pod("x", 3.5)), 3) with { Drifted = true }, Node("d", "ecs.c7.large", pods: Pod("q")) with { Drifted = true, CreatedAt = Now.AddHours(-1) }],
            "Drifted replace d -> ecs.c7.large/spot"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Plans_around_an_abandoned_replace(PlanCase c) =>
        Render(Plan(Snapshot(c.Nodes, c.Pools), c.Options)).Should().Be(c.Expected, c.Name);

    [Fact]
    public void The_same_node_is_replaced_once_the_clock_passes_the_back_off()
    {
        var snapshot = Snapshot([Abandoned(Dear(), 3)]);

        Render(DisruptionPlanner.Plan(snapshot, Types, Now, DisruptionOptions.Default)).Should().BeEmpty();
        Render(DisruptionPlanner.Plan(snapshot, Types, Now.AddMinutes(11), DisruptionOptions.Default)).Should().BeEmpty("14 minutes after the abandon");
        Render(DisruptionPlanner.Plan(snapshot, Types, Now.AddMinutes(12), DisruptionOptions.Default)).Should().Be("Underutilized replace a -> ecs.c7.large/spot");
    }

    [Theory]
    [InlineData(0, 15)] // a stamp without a count: the first abandon
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(4, 120)]
    [InlineData(5, 240)]
    [InlineData(6, 240)]
    [InlineData(int.MaxValue, 240)]
    public void The_back_off_doubles_with_each_abandon_up_to_the_maximum(int abandons, int minutes) =>
        DisruptionOptions.Default.BackoffAfter(abandons).Should().Be(TimeSpan.FromMinutes(minutes));

    [Fact]
    public void No_back_off_stays_none_however_often_abandoned() =>
        (DisruptionOptions.Default with { AbandonedReplaceBackoff = TimeSpan.Zero }).BackoffAfter(7).Should().Be(TimeSpan.Zero);

    [Fact]
    public void A_maximum_near_the_largest_time_span_does_not_overflow() =>
        (DisruptionOptions.Default with { AbandonedReplaceBackoffMax = TimeSpan.MaxValue }).BackoffAfter(int.MaxValue).Should().Be(TimeSpan.MaxValue);

    [Fact]
    public void A_node_abandoned_again_says_how_often_and_the_longer_back_off()
    {
        var plan = Plan(Snapshot([Abandoned(Dear(), 3) with { ReplaceAbandons = 3 }]));

        plan.Blocked.Should().ContainSingle().Which.Why.Should().Contain("abandoned 3 times").And.Contain("retried after 1h");
    }

    [Fact]
    public void A_node_held_back_is_listed_as_blocked_with_how_long_ago_and_the_back_off()
    {
        var plan = Plan(Snapshot([Abandoned(Dear(), 3)]));

        plan.Blocked.Should().ContainSingle(b => b.Node == "a" && b.Reason == DisruptionReason.Underutilized)
            .Which.Why.Should().Contain("abandoned 3m ago").And.Contain("retried after 15m");
    }

    [Fact]
    public void A_node_that_would_not_be_replaced_anyway_gives_the_usual_reason()
    {
        // At the price of the cheapest fit it would not be replaced anyway: that is the reason given.
        var plan = Plan(Snapshot([Abandoned(Node("a", "ecs.c7.large", pods: Pod("p")), 3)]));

        plan.Blocked.Should().ContainSingle().Which.Why.Should().Contain("no replacement is cheaper").And.NotContain("abandoned");
    }

    [Fact]
    public void Several_nodes_are_not_consolidated_into_a_new_one_when_one_of_them_is_held_back()
    {
        var nodes = new[] { Node("a", pods: Pod("p", 1.5)), Node("b", pods: Pod("q", 1.5)) };
        Render(Plan(Snapshot(nodes))).Should().Be("Underutilized replace a,b -> ecs.c7.xlarge/spot", "the baseline");

        var plan = Plan(Snapshot([Abandoned(nodes[0], 3), nodes[1]]));

        plan.Commands.Where(c => !c.IsDelete).Should().NotContain(c => c.Nodes.Contains("a"));
    }

    [Fact]
    public void A_spot_reclaim_is_never_held_back()
    {
        var node = Abandoned(Node("r", "ecs.c7.xlarge", pods: Executor("ex")), 1) with { ReclaimNoticeAt = Now.AddMinutes(-1) };

        var command = Plan(Snapshot([node])).Interruptions.Should().ContainSingle().Subject;

        command.Replacement.NewClaims.Should().ContainSingle("the reclaimed node's pods need a new node, back-off or not");
    }

    [Fact]
    public void Validation_rejects_a_replace_whose_node_was_abandoned_since_the_decision()
    {
        var command = Plan(Snapshot([Dear()])).Commands.Should().ContainSingle().Subject;
        var later = Now.AddSeconds(20);

        DisruptionPlanner.Validate(command, Snapshot([Dear()]), Types, later).IsValid.Should().BeTrue("the baseline");
        var result = DisruptionPlanner.Validate(command, Snapshot([Dear() with { ReplaceAbandonedAt = Now.AddSeconds(10) }]), Types, later);
        result.IsValid.Should().BeFalse();
        result.Reason.Should().Contain("abandoned");
    }
}
