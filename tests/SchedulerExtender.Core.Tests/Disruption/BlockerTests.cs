using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// Node "x" is a dear 2xlarge that consolidation wants to replace by a small node; node "keep"
/// is an on-demand node with a running driver that stays anyway. Each row puts something on "x".
/// </summary>
public sealed class BlockerTests
{
    private static readonly DisruptionOptions Graceful = DisruptionOptions.Default with { ExecutorDisruption = ExecutorDisruption.Graceful };

    public static TheoryData<string, ClusterNode, DisruptionOptions, string?> Rows => new()
    {
        // name, node x, options, blocker text expected (null: x is consolidated)
        { "a movable pod", X(Pod("p")), DisruptionOptions.Default, null },
        { "node annotated do-not-disrupt", X(Pod("p")) with { DoNotDisrupt = true }, DisruptionOptions.Default, "node is annotated karpenter.sh/do-not-disrupt" },
        { "pod annotated do-not-disrupt", X(Pod("p") with { DoNotDisrupt = true }), DisruptionOptions.Default, "pod default/p is annotated karpenter.sh/do-not-disrupt" },
        { "a DaemonSet pod's annotation does not count", X(Pod("p"), DaemonSet("ds") with { DoNotDisrupt = true }), DisruptionOptions.Default, null },
        { "a terminal pod's annotation does not count", X(Pod("p"), Pod("done") with { IsTerminal = true, DoNotDisrupt = true }), DisruptionOptions.Default, null },
        { "pod under a PodDisruptionBudget that allows no disruption", X(Pod("p") with { BlockingDisruptionBudget = "default/web" }), DisruptionOptions.Default,
            "pod default/p is protected by PodDisruptionBudget default/web, which allows no disruption now" },
        { "executor under such a budget, even when executors may go", X(Executor("ex") with { BlockingDisruptionBudget = "default/executors" }), Graceful, "pod default/ex is protected by PodDisruptionBudget default/executors" },
        { "a terminal pod's budget does not count", X(Pod("p"), Pod("done") with { IsTerminal = true, BlockingDisruptionBudget = "default/web" }), DisruptionOptions.Default, null },
        { "a DaemonSet pod's budget does not count", X(Pod("p"), DaemonSet("ds") with { BlockingDisruptionBudget = "default/ds" }), DisruptionOptions.Default, null },
        { "driver of a running application", X(Driver("drv")), DisruptionOptions.Default, "Spark driver default/drv of running application spark-app-1" },
        { "driver of a running application, even when executors may go", X(Driver("drv")), Graceful, "Spark driver default/drv" },
        { "driver whose application ended", X(Driver("drv", running: false)), DisruptionOptions.Default, null },
        { "executor of a running application: wait", X(Executor("ex")), DisruptionOptions.Default, "Spark executor default/ex of running application spark-app-1 (waiting for executors)" },
        { "executor of a running application: graceful", X(Executor("ex")), Graceful, null },
        { "executor whose application ended", X(Executor("ex", running: false)), DisruptionOptions.Default, null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Blockers_keep_a_node(string name, ClusterNode x, DisruptionOptions options, string? blocker)
    {
        var keep = Node("keep", "ecs.c7.large", CapacityType.OnDemand, pods: Driver("other-driver", app: "spark-app-2"));

        var plan = Plan(Snapshot([x, keep]), options);

        if (blocker is null)
        {
            plan.Commands.Should().ContainSingle(name).Which.Nodes.Should().Equal(["x"], name);
        }
        else
        {
            plan.Commands.Should().BeEmpty(name);
            plan.Blocked.Should().ContainSingle(b => b.Node == "x", name).Which.Why.Should().StartWith(blocker, name);
        }

        plan.Commands.SelectMany(c => c.Nodes).Should().NotContain("keep", "a running driver's node is never disrupted");
    }

    [Fact]
    public void A_blocked_node_still_hosts_the_pods_of_others()
    {
        var plan = Plan(Snapshot([Node("a", pods: Pod("p")), Node("b", "ecs.c7.2xlarge", pods: Pod("q") with { DoNotDisrupt = true })]));

        Render(plan).Should().Be("Underutilized delete a");
        plan.Blocked.Should().ContainSingle().Which.Should().Be(
            new BlockedCandidate("b", DisruptionReason.Underutilized, "pod default/q is annotated karpenter.sh/do-not-disrupt"));
    }

    private static ClusterNode X(params ClusterPod[] pods) => Node("x", "ecs.c7.2xlarge", pods: pods);
}
