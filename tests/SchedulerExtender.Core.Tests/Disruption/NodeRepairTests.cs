using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class NodeRepairTests
{
    private static ClusterNode NotReady(string name, double minutes, string pool = "default") =>
        Node(name, pool: pool) with { Ready = false, NotReadySince = Now.AddMinutes(-minutes) };

    private static IReadOnlyList<ClusterNode> Healthy(int count, string pool = "default") =>
        [.. Enumerable.Range(1, count).Select(i => Node($"{pool}-ok-{i}", pool: pool))];

    private static RepairPlan Repair(IReadOnlyList<ClusterNode> nodes, DisruptionOptions? options = null) =>
        NodeRepair.Plan(Snapshot(nodes), Now, options);

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(600, true)]
    public void A_node_is_repaired_once_it_has_been_not_ready_for_RepairAfter(double minutes, bool repaired)
    {
        var plan = Repair([NotReady("sick", minutes), .. Healthy(4)]);

        plan.Repairs.Select(r => r.Node).Should().Equal(repaired ? ["sick"] : []);
        plan.Blocked.Should().BeEmpty();
    }

    [Fact]
    public void The_command_says_since_when_the_node_is_not_ready()
    {
        var command = Repair([NotReady("sick", 45), .. Healthy(4)]).Repairs.Should().ContainSingle().Subject;

        command.UnhealthySince.Should().Be(Now.AddMinutes(-45));
        command.Explanation.Should().Contain("not ready").And.Contain("45 min").And.Contain("30 min");
    }

    [Fact]
    public void Ready_nodes_and_not_ready_nodes_without_a_known_transition_are_left_alone() =>
        Repair([Node("ready"), Node("unknown-since") with { Ready = false }, .. Healthy(8)]).Repairs.Should().BeEmpty();

    [Fact]
    public void One_of_five_nodes_not_ready_is_20_percent_and_is_repaired() =>
        Repair([NotReady("sick", 40), .. Healthy(4)]).Repairs.Select(r => r.Node).Should().Equal("sick");

    [Fact]
    public void Two_of_five_nodes_not_ready_is_more_than_20_percent_so_none_is_repaired_and_each_is_listed_as_blocked()
    {
        // "young" is not due yet but still counts towards the pool's unhealthy share.
        var plan = Repair([NotReady("sick", 40), NotReady("young", 5), .. Healthy(3)]);

        plan.Repairs.Should().BeEmpty();
        var blocked = plan.Blocked.Should().ContainSingle().Subject;
        blocked.Node.Should().Be("sick");
        blocked.Reason.Should().Be(DisruptionReason.Unhealthy);
        blocked.Why.Should().Contain("2 of 5 nodes of NodePool default are unhealthy");
    }

    [Fact]
    public void The_20_percent_rounds_up_so_one_of_three_nodes_is_repaired() =>
        Repair([NotReady("sick", 40), .. Healthy(2)]).Repairs.Should().ContainSingle();

    [Fact]
    public void Each_pool_is_judged_on_its_own_nodes()
    {
        var plan = Repair([NotReady("a-1", 40, "a"), NotReady("a-2", 40, "a"), .. Healthy(3, "a"), NotReady("b-1", 40, "b"), .. Healthy(4, "b")]);

        plan.Repairs.Select(r => r.Node).Should().Equal("b-1");
        plan.Blocked.Select(b => b.Node).Should().Equal("a-1", "a-2");
    }

    [Fact]
    public void A_node_already_disrupting_is_not_repaired_again() =>
        Repair([NotReady("sick", 40) with { Disrupting = true }, .. Healthy(4)]).Repairs.Should().BeEmpty();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RepairAfter_zero_or_negative_turns_repair_of_not_ready_nodes_off(int minutes) =>
        Repair([NotReady("sick", 600), .. Healthy(4)], new DisruptionOptions { RepairAfter = TimeSpan.FromMinutes(minutes) }).Repairs.Should().BeEmpty();

    private static readonly DisruptionOptions KernelDeadlockAfter10Minutes = new() { RepairConditions = [new RepairCondition("KernelDeadlock", "True", TimeSpan.FromMinutes(10))] };

    private static ClusterNode Holding(string name, string type, string status, double minutes) =>
        Node(name) with { Conditions = [new NodeConditionState("Ready", "True", Now.AddDays(-1)), new NodeConditionState(type, status, Now.AddMinutes(-minutes))] };

    [Theory]
    [InlineData("KernelDeadlock", "True", 9, false)]
    [InlineData("KernelDeadlock", "True", 10, true)]
    [InlineData("KernelDeadlock", "False", 600, false)]
    [InlineData("ReadonlyFilesystem", "True", 600, false)]
    public void A_ready_node_is_repaired_once_it_has_held_a_repair_condition_for_its_duration(string type, string status, double minutes, bool repaired)
    {
        var plan = Repair([Holding("sick", type, status, minutes), .. Healthy(4)], KernelDeadlockAfter10Minutes);

        plan.Repairs.Select(r => r.Node).Should().Equal(repaired ? ["sick"] : []);
    }

    [Fact]
    public void The_command_for_a_repair_condition_names_it()
    {
        var command = Repair([Holding("sick", "KernelDeadlock", "True", 12), .. Healthy(4)], KernelDeadlockAfter10Minutes).Repairs.Should().ContainSingle().Subject;

        command.UnhealthySince.Should().Be(Now.AddMinutes(-12));
        command.Explanation.Should().Contain("condition KernelDeadlock=True").And.Contain("12 min").And.Contain("10 min");
    }

    [Fact]
    public void A_repair_condition_held_without_a_known_time_is_never_due() =>
        Repair([Node("sick") with { Conditions = [new NodeConditionState("KernelDeadlock", "True", null)] }, .. Healthy(4)], KernelDeadlockAfter10Minutes)
            .Repairs.Should().BeEmpty();

    [Fact]
    public void Nodes_holding_a_repair_condition_count_towards_the_pools_unhealthy_share()
    {
        // One node not ready for long, one deadlocked for a minute: 2 of 5 unhealthy, none repaired.
        var plan = Repair([NotReady("sick", 40), Holding("young", "KernelDeadlock", "True", 1), .. Healthy(3)], KernelDeadlockAfter10Minutes);

        plan.Repairs.Should().BeEmpty();
        plan.Blocked.Select(b => b.Node).Should().Equal("sick");
    }

    [Fact]
    public void With_Ready_repair_off_the_repair_conditions_still_apply() =>
        Repair([Holding("sick", "KernelDeadlock", "True", 30), .. Healthy(4)], KernelDeadlockAfter10Minutes with { RepairAfter = TimeSpan.Zero })
            .Repairs.Select(r => r.Node).Should().Equal("sick");

    [Fact]
    public void Repair_ignores_do_not_disrupt_running_drivers_and_disruption_budgets()
    {
        var node = NotReady("sick", 40) with { DoNotDisrupt = true, Pods = [Driver("drv"), Executor("ex") with { BlockingDisruptionBudget = "default/ex" }] };
        var snapshot = Snapshot([node, .. Healthy(4)], [Pool(budgets: [Budget("0")])]);

        NodeRepair.Plan(snapshot, Now).Repairs.Select(r => r.Node).Should().Equal("sick");
    }

    [Fact]
    public void The_answer_does_not_depend_on_the_order_nodes_are_listed_in()
    {
        List<ClusterNode> nodes = [NotReady("s-2", 40), NotReady("s-1", 40), .. Healthy(8)];

        Repair(nodes).Repairs.Select(r => r.Node).Should().Equal("s-1", "s-2");
        Repair([.. Enumerable.Reverse(nodes)]).Repairs.Select(r => r.Node).Should().Equal("s-1", "s-2");
    }
}
