using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>Budgets as the planner applies them. <see cref="DisruptionBuilders.Now"/> is a Thursday, 00:00 UTC.</summary>
public sealed class PlannerBudgetTests
{
    private static ClusterNode[] ThreeEmpty() => [Node("a", "ecs.c7.large"), Node("b", "ecs.c7.2xlarge"), Node("c")];

    /// <summary>Three xlarge nodes with one 1-CPU pod each: all three pods fit on one xlarge.</summary>
    private static ClusterNode[] ThreeOneCpu() => [Node("a", pods: Pod("p")), Node("b", pods: Pod("q")), Node("c", pods: Pod("r"))];

    /// <summary>Three xlarge nodes with one 1.5-CPU pod each: the solver would need two nodes for all three.</summary>
    private static ClusterNode[] ThreeHalfUsed() => [Node("a", pods: Pod("p", 1.5)), Node("b", pods: Pod("q", 1.5)), Node("c", pods: Pod("r", 1.5))];

    public static TheoryData<PlanCase> Rows =>
    [
        new("a count of 1: the dearest empty node", ThreeEmpty(), "Empty delete b", [Pool(budgets: [Budget("1")])]),
        new("50% of 3 rounds up to 2", ThreeEmpty(), "Empty delete b,c", [Pool(budgets: [Budget("50%")])]),
        new("a node already disrupting uses the budget", [.. ThreeEmpty(), Node("going") with { Disrupting = true }], "", [Pool(budgets: [Budget("1")])]),
        new("a node not ready uses the budget", [.. ThreeEmpty(), Node("sick") with { Ready = false }], "", [Pool(budgets: [Budget("1")])]),
        new("0% allows nothing", ThreeEmpty(), "", [Pool(budgets: [Budget("0%")])]),
        new("a window closing Underutilized leaves Empty open", [Node("a", pods: Pod("p")), Node("b", "ecs.c7.2xlarge", pods: Pod("q")), Node("e")], "Empty delete e",
            [Pool(budgets: [Budget("0", "0 0 * * *", TimeSpan.FromHours(1), "Underutilized")])]),
        new("a window closing Underutilized", [Node("a", pods: Pod("p")), Node("b", "ecs.c7.2xlarge", pods: Pod("q"))], "",
            [Pool(budgets: [Budget("0", "0 0 * * *", TimeSpan.FromHours(1), "Underutilized")])]),
        new("the window is over", [Node("a", pods: Pod("p")), Node("b", "ecs.c7.2xlarge", pods: Pod("q"))], "Underutilized replace b,a -> ecs.c7.xlarge/spot",
            [Pool(budgets: [Budget("0", "0 22 * * *", TimeSpan.FromHours(1), "Underutilized")])]),
        new("multi-node: three into one", ThreeOneCpu(), "Underutilized replace a,b,c -> ecs.c7.xlarge/spot"),
        new("multi-node within a budget of 2", ThreeOneCpu(), "Underutilized delete a,b", [Pool(budgets: [Budget("2")])]),
        new("a budget of 1 leaves single-node consolidation", ThreeOneCpu(), "Underutilized delete a", [Pool(budgets: [Budget("1")])]),
        new("multi-node: one pod into free room, the other onto one small node", ThreeHalfUsed(), "Underutilized replace a,b -> ecs.c7.large/spot"),
        new("budgets are per pool",
            [Node("a1", pool: "a"), Node("a2", "ecs.c7.2xlarge", pool: "a"), Node("b1", pool: "b"), Node("b2", "ecs.c7.large", pool: "b")],
            "Empty delete a2,b1", [Pool("a", budgets: [Budget("1")]), Pool("b", budgets: [Budget("1")])]),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Budgets_limit_the_plan(PlanCase c) =>
        Render(Plan(Snapshot(c.Nodes, c.Pools), c.Options)).Should().Be(c.Expected, c.Name);

    [Fact]
    public void Nodes_over_the_budget_are_reported()
    {
        var plan = Plan(Snapshot(ThreeEmpty(), [Pool(budgets: [Budget("1")])]));

        plan.Blocked.Select(b => (b.Node, b.Reason)).Should().BeEquivalentTo([("c", DisruptionReason.Empty), ("a", DisruptionReason.Empty)]);
        plan.Blocked.Should().OnlyContain(b => b.Why.Contains("budget", StringComparison.Ordinal));
    }
}
