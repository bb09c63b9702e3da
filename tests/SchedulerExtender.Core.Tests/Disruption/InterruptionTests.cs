using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class InterruptionTests
{
    private static ClusterNode Reclaimed(string name, params ClusterPod[] pods) =>
        Node(name, "ecs.c7.xlarge", pods: pods) with { ReclaimNoticeAt = Now.AddMinutes(-1) };

    [Fact]
    public void A_reclaim_notice_marks_the_offering_taints_the_node_replaces_and_evicts_executors_first()
    {
        var node = Reclaimed("spot-1", Driver("drv", app: "a"), Executor("ex-2", app: "a"), Pod("web"), Executor("ex-1", app: "a"), DaemonSet("ds"));

        var command = Plan(Snapshot([node])).Interruptions.Should().ContainSingle().Subject;

        command.Node.Should().Be("spot-1");
        command.UnavailableOffering.Should().Be(new UnavailableOffering("ecs.c7.xlarge", "zone-a", CapacityType.Spot, Now.AddMinutes(3)));
        command.Taint.Should().Be(new Core.Config.Taint("karpenter.sh/disrupted", null, "NoSchedule"));
        command.Evict.Select(p => p.Name).Should().Equal("ex-1", "ex-2", "web", "drv");
        command.Replacement.Unschedulable.Should().BeEmpty();
        command.Replacement.NewClaims.SelectMany(c => c.Pods).Select(p => p.Name).Should().BeEquivalentTo(["drv", "ex-1", "ex-2", "web"]);
        command.Replacement.NewClaims.SelectMany(c => c.Candidates)
            .Should().NotContain(c => c.InstanceType == "ecs.c7.xlarge" && c.Offering.Zone == "zone-a" && c.Offering.CapacityType == CapacityType.Spot,
                "the reclaimed offering is out for now");
    }

    [Fact]
    public void Pods_go_to_free_room_first_and_two_reclaimed_nodes_never_count_on_the_same_room()
    {
        // Room for exactly one more 1-CPU pod on "stays".
        var stays = Node("stays", "ecs.c7.xlarge", CapacityType.OnDemand, pods: [Driver("drv", app: "b"), Pod("p1"), Pod("p2")]);
        var plan = Plan(Snapshot([Reclaimed("r1", Executor("e1")), Reclaimed("r2", Executor("e2")), stays]));

        plan.Interruptions.Select(i => i.Node).Should().Equal("r1", "r2");
        plan.Interruptions[0].Replacement.OnInFlight.Should().Equal(new PodPlacement(new PodReference("default", "e1"), "stays"));
        plan.Interruptions[1].Replacement.OnInFlight.Should().BeEmpty();
        plan.Interruptions[1].Replacement.NewClaims.Should().ContainSingle();
    }

    [Fact]
    public void Interruption_ignores_budgets_and_blockers_and_holds_voluntary_work_for_the_next_pass()
    {
        var nodes = new[] { Reclaimed("r", Driver("drv"), Executor("ex") with { BlockingDisruptionBudget = "default/executors" }) with { DoNotDisrupt = true }, Node("empty") };

        var plan = Plan(Snapshot(nodes));
        plan.Interruptions.Should().ContainSingle().Which.Node.Should().Be("r");
        plan.Commands.Should().BeEmpty();

        Plan(Snapshot(nodes, [Pool(budgets: [Budget("0")])])).Interruptions.Should().ContainSingle("budgets do not apply to reclaims");
        Plan(Snapshot([Node("empty")])).Commands.Should().ContainSingle("without a reclaim the empty node goes");
    }

    [Fact]
    public void A_node_already_disrupting_gets_no_second_response() =>
        Plan(Snapshot([Reclaimed("r", Executor("e")) with { Disrupting = true }])).Interruptions.Should().BeEmpty();
}
