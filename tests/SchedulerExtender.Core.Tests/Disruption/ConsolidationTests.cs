using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class ConsolidationTests
{
    public static TheoryData<PlanCase> Candidates =>
    [
        new("an empty node is deleted", [Node("a")], "Empty delete a", [Pool()]),
        new("DaemonSet pods do not count", [Node("a", pods: DaemonSet("ds-a"))], "Empty delete a", [Pool()]),
        new("terminal pods do not count", [Node("a", pods: Pod("done") with { IsTerminal = true })], "Empty delete a", [Pool()]),
        new("every empty node at once, the dearest first", [Node("a", "ecs.c7.large"), Node("b", "ecs.c7.2xlarge")], "Empty delete b,a", [Pool()]),
        new("consolidateAfter not yet elapsed", [Node("a")], "", [Pool(consolidateAfter: TimeSpan.FromHours(2))]),
        new("consolidateAfter Never", [Node("a")], "", [Pool(neverConsolidate: true)]),
        new("consolidateAfter counts from creation when no pod ever came", [Node("a") with { LastPodEventAt = null, CreatedAt = Now.AddMinutes(-10) }], "", [Pool()]),
        new("WhenEmpty leaves an under-used node", [Node("a", "ecs.c7.2xlarge", pods: Pod("p")), Node("b", pods: Pod("q"))], "", [Pool(policy: ConsolidationPolicy.WhenEmpty)]),
        new("a node already disrupting is no candidate", [Node("a") with { Disrupting = true }], "", [Pool()]),
        new("a node not ready is no candidate", [Node("a") with { Ready = false }], "", [Pool()]),
        new("a node of an unknown pool is left alone", [Node("a", pool: "gone")], "", [Pool()]),
        new("pods fit on a node that stays: delete", [Node("a", pods: Pod("p")), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("driver"))], "Underutilized delete a", [Pool()]),
        new("replaced by a strictly cheaper node", [Node("a", "ecs.c7.2xlarge", pods: Pod("p"))], "Underutilized replace a -> ecs.c7.large/spot", [Pool()]),
        new("on-demand replaced by cheaper spot when the pod allows", [Node("a", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Pod("p"))], "Underutilized replace a -> ecs.c7.large/spot", [Pool()]),
        new("no cheaper replacement: kept", [Node("a", "ecs.c7.large", pods: Pod("p"))], "", [Pool()]),
        new("several nodes into one cheaper node", [Node("a", pods: Pod("p", 1.5)), Node("b", pods: Pod("q", 1.5))], "Underutilized replace a,b -> ecs.c7.xlarge/spot", [Pool()]),
        new("some pods fit on the others, the rest on one cheaper node: replaced",
            [Node("a", "ecs.c7.2xlarge", pods: [Pod("p", 2.5), Pod("q", 1.5)]), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("driver"))],
            "Underutilized replace a -> ecs.c7.large/spot", [Pool()]),
        new("some pods fit on the others, no type under the node's price holds the rest: kept",
            [Node("a", "ecs.c7.large", pods: [Pod("p", 1.2), Pod("q", 0.5)]), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: [Driver("driver"), Pod("r", 2)])],
            "", [Pool()]),
        new("several nodes onto the others", [Node("a", pods: Pod("p")), Node("b", pods: Pod("q")), Node("c", "ecs.c7.2xlarge", pods: [Pod("r"), Pod("s")])], "Underutilized delete a,b", [Pool()]),
    ];

    [Theory]
    [MemberData(nameof(Candidates))]
    public void Plans_consolidation(PlanCase c) =>
        Render(Plan(Snapshot(c.Nodes, c.Pools), c.Options)).Should().Be(c.Expected, c.Name);

    [Fact]
    public void A_replacement_lists_only_candidates_cheaper_than_the_node_and_reports_the_saving()
    {
        var command = Plan(Snapshot([Node("a", "ecs.c7.2xlarge", pods: Pod("p"))])).Commands.Should().ContainSingle().Subject;

        command.Replacements.Should().ContainSingle().Which.Candidates.Should().NotBeEmpty()
            .And.OnlyContain(c => c.Offering.PricePerHour < 0.16);
        command.SavingPerHour.Should().BeApproximately(0.16 - command.Replacements[0].PricePerHour, 1e-9);
        command.SavingPerHour.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_node_at_the_price_of_the_cheapest_fit_is_not_replaced_and_says_why()
    {
        var plan = Plan(Snapshot([Node("a", "ecs.c7.large", pods: Pod("p"))]));

        plan.Commands.Should().BeEmpty();
        plan.Blocked.Should().ContainSingle(b => b.Node == "a" && b.Reason == DisruptionReason.Underutilized)
            .Which.Why.Should().Contain("no replacement is cheaper");
    }

    [Fact]
    public void A_pod_that_fits_on_no_other_node_and_no_cheaper_type_keeps_its_node_without_a_solve_and_says_why()
    {
        var plan = Plan(Snapshot([Node("a", "ecs.c7.large", pods: Pod("p", 1.5)), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: [Driver("driver"), Pod("r", 2)])]));

        plan.Commands.Should().BeEmpty();
        plan.Blocked.Should().ContainSingle(b => b.Node == "a" && b.Reason == DisruptionReason.Underutilized)
            .Which.Why.Should().Contain("no replacement is cheaper").And.Contain("pod default/p fits on no other node");
    }

    [Fact]
    public void Without_spot_to_spot_a_spot_node_is_not_replaced_by_spot()
    {
        var options = DisruptionOptions.Default with { SpotToSpotReplacement = false };
        var nodes = new[] { Node("a", "ecs.c7.2xlarge", pods: Pod("p")) };

        Plan(Snapshot(nodes), options).Commands.Should().BeEmpty("on-demand costs more than the spot node");
        Render(Plan(Snapshot(nodes))).Should().Be("Underutilized replace a -> ecs.c7.large/spot");
    }

    [Fact]
    public void Pending_pods_keep_the_room_they_need()
    {
        var nodes = new[] { Node("a", pods: Pod("p", 2)), Node("b", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("driver")) };
        var pending = new[] { Provisioning.SolverBuilders.Pod("waiting", cpu: 2, role: SparkRole.None) };

        Render(Plan(Snapshot(nodes))).Should().Be("Underutilized delete a");
        Render(Plan(Snapshot(nodes, pending: pending))).Should().BeEmpty("the pending pod takes the room on b, and no node cheaper than a fits p");
    }

    [Fact]
    public void An_empty_node_a_pending_pod_needs_stays()
    {
        var pending = new[] { Provisioning.SolverBuilders.Pod("waiting", cpu: 3, role: SparkRole.None) };

        var plan = Plan(Snapshot([Node("e")], pending: pending));

        plan.Commands.Should().BeEmpty();
        plan.Blocked.Should().ContainSingle().Which.Why.Should().Be("pending pods would need 1 new node without it");
        Render(Plan(Snapshot([Node("e"), Node("f")], pending: pending))).Should().Be("Empty delete e", "the pending pod can use f instead, so one of the two goes");
    }

    [Fact]
    public void A_pending_pod_with_pod_topology_keeps_the_empty_node_it_needs_as_before()
    {
        // The simulation does not know the pods on its nodes, so it leaves pod topology out rather
        // than keep the pod off every node (Core/Provisioning README, "Not yet").
        var topology = new PodTopology([new HostPort("TCP", HostPort.AnyIp, 8080)], [], [], []);
        var pending = new[] { Provisioning.SolverBuilders.Pod("waiting", cpu: 3, role: SparkRole.None) with { Topology = topology } };

        var plan = Plan(Snapshot([Node("e")], pending: pending));

        plan.Commands.Should().BeEmpty();
        plan.Blocked.Should().ContainSingle().Which.Why.Should().Be("pending pods would need 1 new node without it");
    }

    [Fact]
    public void Empty_nodes_go_before_under_used_ones()
    {
        var plan = Plan(Snapshot([Node("a", pods: Pod("p")), Node("b", "ecs.c7.2xlarge", pods: Pod("q")), Node("e")]));

        Render(plan).Should().Be("Empty delete e");
    }
}
