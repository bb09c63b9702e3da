using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// Retirement of nodes schedext did not launch (<see cref="NodeRetirement"/>): who is retired, and
/// how the planner takes a retiring node — drift's way, under the budgets that limit drift, with
/// its own reason, and by no other method.
/// </summary>
public sealed class NodeRetirementTests
{
    private static readonly ClusterNode Retiring = Node("karp", "ecs.c7.large", pods: Pod("q")) with { Retiring = true };

    [Theory]
    [InlineData("true", false, true, true)]
    [InlineData("true", false, false, false)] // schedext's own claim: its own lifecycle applies
    [InlineData("true", true, false, false)]
    [InlineData(null, false, true, false)] // not asked: left alone, as every unmanaged claim
    [InlineData("false", false, true, false)]
    [InlineData("True", false, true, false)] // exactly "true", as karpenter.sh/do-not-disrupt
    [InlineData("", false, true, false)]
    [InlineData(null, true, true, true)] // the annotation removed after the drain started: finished
    [InlineData("false", true, true, true)]
    public void Only_a_node_found_unmanaged_and_asked_for_or_already_draining_is_retired(string? annotation, bool drainStarted, bool foundUnmanaged, bool retired) =>
        NodeRetirement.IsRequested(annotation, drainStarted, foundUnmanaged).Should().Be(retired);

    public static TheoryData<PlanCase> Rows =>
    [
        new("retiring: replaced, whatever the price", [Retiring], "Retired replace karp -> ecs.c7.large/spot"),
        new("retiring with room elsewhere: deleted", [Retiring, Node("host", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv"))], "Retired delete karp"),
        new("an empty retiring node goes as retired, not as empty", [Node("e") with { Retiring = true }], "Retired delete e"),
        new("retiring and drifted: retired", [Retiring with { Drifted = true }], "Retired replace karp -> ecs.c7.large/spot"),
        new("retirement does not wait for consolidateAfter", [Retiring with { LastPodEventAt = Now }], "Retired replace karp -> ecs.c7.large/spot"),
        new("a budget listing Drifted holds retirement", [Retiring], "", [Pool(budgets: [Budget("0", null, null, "Drifted")])]),
        new("an empty retiring node is held by Drifted's budget, not taken as empty", [Node("e") with { Retiring = true }], "", [Pool(budgets: [Budget("0", null, null, "Drifted")])]),
        new("budgets for other reasons do not hold it", [Retiring], "Retired replace karp -> ecs.c7.large/spot", [Pool(budgets: [Budget("0", null, null, "Empty", "Underutilized")])]),
        new("a budget without reasons holds it", [Retiring], "", [Pool(budgets: [Budget("0")])]),
        new("never expired", [Node("e", pods: Pod("q")) with { Retiring = true, CreatedAt = Now.AddDays(-60) }, Node("host", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv"))],
            "Retired delete e", [Pool(expireAfter: TimeSpan.FromDays(30))]),
        new("never consolidated when budgets hold drift", [Node("a", pods: Pod("p")) with { Retiring = true }, Node("b", pods: Pod("q")) with { Retiring = true }], "",
            [Pool(budgets: [Budget("0", null, null, "Drifted")])]),
        new("blocked by a running driver, as drift", [Node("d", pods: Driver("drv")) with { Retiring = true }], ""),
        new("blocked by do-not-disrupt", [Retiring with { DoNotDisrupt = true }], ""),
        new("not ready: not retired (nor repaired)", [Retiring with { Ready = false }], ""),
        new("already disrupting: not planned again", [Retiring with { Disrupting = true }], ""),
        new("the oldest first, one per pass, never onto another retiring node", [Retiring with { Name = "young", CreatedAt = Now.AddHours(-1) }, Retiring with { Name = "old", CreatedAt = Now.AddHours(-5) }],
            "Retired replace old -> ecs.c7.large/spot"),
        new("a retiring node is no host for an underutilized node's pods", [Node("ours", pods: Pod("p")), Node("karp", "ecs.c7.xlarge", pods: Pod("q")) with { Retiring = true }],
            "Underutilized replace ours -> ecs.c7.large/spot", [Pool(budgets: [Budget("0", null, null, "Drifted")])]),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Plans_retirement(PlanCase c) =>
        Render(Plan(Snapshot(c.Nodes, c.Pools), c.Options)).Should().Be(c.Expected, c.Name);

    [Fact]
    public void The_command_and_the_blocked_reason_say_it_is_a_retirement()
    {
        var command = Plan(Snapshot([Retiring])).Commands.Should().ContainSingle().Subject;
        command.Reason.Should().Be(DisruptionReason.Retired);
        command.Explanation.Should().StartWith(NodeRetirement.Explanation);

        var held = Plan(Snapshot([Retiring], [Pool(budgets: [Budget("0", null, null, "Drifted")])])).Blocked;
        held.Should().ContainSingle().Which.Should().Match<BlockedCandidate>(b => b.Reason == DisruptionReason.Retired && b.Why.Contains("budget", StringComparison.Ordinal));

        var driver = Plan(Snapshot([Node("d", pods: Driver("drv")) with { Retiring = true }])).Blocked;
        driver.Should().ContainSingle().Which.Reason.Should().Be(DisruptionReason.Retired);
    }

    [Fact]
    public void Validation_keeps_a_retirement_while_the_node_is_still_retiring_and_drops_it_once_it_is_not()
    {
        var command = Plan(Snapshot([Retiring])).Commands.Single();
        var later = Now + DisruptionOptions.Default.ValidationDelay;

        DisruptionPlanner.Validate(command, Snapshot([Retiring]), Types, later, DisruptionOptions.Default).IsValid.Should().BeTrue();
        DisruptionPlanner.Validate(command, Snapshot([Retiring with { Retiring = false }]), Types, later, DisruptionOptions.Default)
            .Should().Match<CommandValidation>(v => !v.IsValid && v.Reason.Contains("no longer a candidate for Retired", StringComparison.Ordinal), "the annotation was removed before the drain");
    }

    [Fact]
    public void Budgets_listing_Drifted_apply_to_retirement()
    {
        DisruptionBudgets.AppliesTo(Budget("1", null, null, "Drifted"), DisruptionReason.Retired).Should().BeTrue();
        DisruptionBudgets.AppliesTo(Budget("1", null, null, "Empty", "Underutilized"), DisruptionReason.Retired).Should().BeFalse();
        DisruptionBudgets.AppliesTo(Budget("1"), DisruptionReason.Retired).Should().BeTrue();
        DisruptionBudgets.Allowed(Pool(budgets: [Budget("1", null, null, "Drifted")]), 5, 1, DisruptionReason.Retired, Now).Should().Be(0);
    }

    [Fact]
    public void A_retiring_node_is_never_repaired_and_does_not_count_in_its_pools_health()
    {
        var sick = Retiring with { Ready = false, NotReadySince = Now.AddHours(-5) };
        NodeRepair.Plan(Snapshot([sick, Node("ok-1"), Node("ok-2"), Node("ok-3"), Node("ok-4")]), Now).Repairs.Should().BeEmpty();

        // One of ours not ready among five: repaired; the retiring one (also not ready) would make it two of five, blocked.
        var ours = Node("ours") with { Ready = false, NotReadySince = Now.AddHours(-1) };
        NodeRepair.Plan(Snapshot([ours, sick, Node("ok-1"), Node("ok-2"), Node("ok-3")]), Now).Repairs.Select(r => r.Node).Should().Equal("ours");
    }
}
