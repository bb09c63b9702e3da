using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class PlannerInputTests
{
    /// <summary>Something for every method: empty, drifted, blocked, under-used, reclaimed, over two pools.</summary>
    private static ClusterNode[] Mixed(bool reclaim) =>
    [
        Node("a", pods: [Pod("p2"), Pod("p1")]),
        Node("b", "ecs.c7.2xlarge", pods: Pod("q")),
        Node("c", "ecs.c7.2xlarge", pool: "other", pods: [Executor("e1"), Executor("e2")]),
        Node("d", "ecs.c7.large", pods: Driver("drv")) with { Drifted = true },
        Node("e", "ecs.c7.large", pool: "other"),
        Node("f", "ecs.c7.large", pods: Pod("r")) with { ReclaimNoticeAt = reclaim ? Now : null },
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_plan_does_not_depend_on_input_order(bool reclaim)
    {
        var pools = new[] { Pool(), Pool("other") };
        var nodes = Mixed(reclaim);
        var reversed = nodes.Reverse().Select(n => n with { Pods = [.. n.Pods.Reverse()] }).ToArray();

        var plan = Plan(Snapshot(nodes, pools));
        var again = Plan(Snapshot(reversed, [.. pools.Reverse()]));

        Render(plan).Should().NotBeEmpty().And.Be(Render(again));
        again.Blocked.Should().Equal(plan.Blocked);
        again.Interruptions.Select(i => i.Replacement.NewClaims.Count).Should().Equal(plan.Interruptions.Select(i => i.Replacement.NewClaims.Count));
    }

    [Fact]
    public void Successive_passes_empty_the_cluster_as_far_as_blockers_allow()
    {
        // Apply each pass's commands as a controller would, and plan again: the cluster shrinks to
        // what must stay, and every pass is within budgets and valid.
        var pools = new[] { Pool(budgets: [Budget("1")]), Pool("other", budgets: [Budget("1")]) };
        var nodes = Mixed(reclaim: false).ToList();
        for (var pass = 0; pass < 10; pass++)
        {
            var plan = Plan(Snapshot([.. nodes], pools));
            if (plan.Commands.Count == 0)
            {
                break;
            }

            var command = plan.Commands.Should().ContainSingle().Subject;
            DisruptionPlanner.Validate(command, Snapshot([.. nodes], pools), Types, command.ValidateAfter).IsValid.Should().BeTrue();
            command.Nodes.GroupBy(n => nodes.Single(x => x.Name == n).NodePool).Should().OnlyContain(g => g.Count() == 1, "each pool allows one at a time");
            var moved = nodes.Where(n => command.Nodes.Contains(n.Name)).SelectMany(n => n.Pods).ToList();
            nodes.RemoveAll(n => command.Nodes.Contains(n.Name));
            nodes.AddRange(command.Replacements.Select((r, i) => Node($"new-{pass}-{i}", r.Candidates[0].InstanceType, r.Candidates[0].Offering.CapacityType, r.NodePool) with
            {
                Pods = [.. moved.Where(p => r.Pods.Contains(p.Pod))],
            }));
            // Pods placed on existing nodes: put them on the first node with room, as the scheduler would.
            foreach (var pod in moved.Where(p => command.Replacements.All(r => !r.Pods.Contains(p.Pod))))
            {
                var i = nodes.FindIndex(n => n.Remaining().CopiesOf(pod.Requests with { Pods = 1 }) > 0);
                nodes[i] = nodes[i] with { Pods = [.. nodes[i].Pods, pod] };
            }
        }

        nodes.Select(n => n.Name).Should().Contain(["c", "d"], "a running executor and a running driver keep their nodes");
        nodes.Should().NotContain(n => n.Name == "e", "the empty node goes");
        Plan(Snapshot([.. nodes], pools)).Commands.Should().BeEmpty("the passes reach a fixed point");
        nodes.Sum(n => n.PricePerHour).Should().BeLessThan(Mixed(false).Sum(n => n.PricePerHour));
    }

    [Fact]
    public void Bad_snapshots_are_rejected_with_the_node_named()
    {
        FluentActions.Invoking(() => Plan(Snapshot([Node("a"), Node("a")])))
            .Should().Throw<ArgumentException>().WithMessage("Node a is listed twice*");
        FluentActions.Invoking(() => Plan(Snapshot([Node("a") with { Allocatable = new ResourceAmounts(4000, 1L << 33) }])))
            .Should().Throw<ArgumentException>().WithMessage("Node a: allocatable pods must be positive*");
    }

    [Fact]
    public void Claims_still_launching_host_pods()
    {
        var launching = new InFlightClaim("claim-1", "default",
            new Dictionary<string, string> { [WellKnownLabels.CapacityType] = "spot" }, [], new ResourceAmounts(4000, 8L << 30, 0, 64));
        var snapshot = Snapshot([Node("a", "ecs.c7.large", pods: Pod("p"))]) with { Launching = [launching] };

        Render(Plan(snapshot)).Should().Be("Underutilized delete a");
        Render(Plan(Snapshot([Node("a", "ecs.c7.large", pods: Pod("p"))]))).Should().BeEmpty();
    }

    [Fact]
    public void Spot_and_capacity_types_are_labelled_for_the_solver() =>
        Node("a", capacity: CapacityType.OnDemand).EffectiveLabels()[WellKnownLabels.CapacityType].Should().Be("on-demand");
}
