using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Testing.Scoring;

namespace SchedulerExtender.Core.Tests.Scoring;

public sealed class NodeFilterTests
{
    private static readonly NodeFilter Filter = new(SpotNodeRule.Default);

    [Theory]
    [InlineData(SparkGuard.OnDemandOnly, "spot", FilterFailure.DriverOnSpot)]
    [InlineData(SparkGuard.OnDemandOnly, "on-demand", null)]
    [InlineData(SparkGuard.OnDemandOnly, null, null)]
    [InlineData(SparkGuard.SpotOnly, "spot", null)]
    [InlineData(SparkGuard.SpotOnly, "on-demand", FilterFailure.ExecutorNeedsSpot)]
    [InlineData(SparkGuard.SpotOnly, null, FilterFailure.ExecutorNeedsSpot)]
    [InlineData(SparkGuard.AnyCapacity, "spot", null)]
    [InlineData(SparkGuard.AnyCapacity, "on-demand", null)]
    [InlineData(SparkGuard.None, "spot", null)]
    public void Capacity_type_rules(SparkGuard guard, string? capacityType, FilterFailure? expected)
    {
        var node = TestNodes.Node("n", capacityType, "ecs.g7.xlarge", 4, 16);
        Filter.Check(guard, node)?.Failure.Should().Be(expected);
        (Filter.Check(guard, node) is null).Should().Be(expected is null);
    }

    [Fact]
    public void Driver_never_passes_a_spot_node_under_a_custom_label_scheme()
    {
        var rule = new SpotNodeRule("example.com/lifecycle", ["preemptible", "spot"]);
        var node = NodeInfo.Named("n", new Dictionary<string, string> { ["example.com/lifecycle"] = "preemptible" });

        var rejection = new NodeFilter(rule).Check(SparkGuard.OnDemandOnly, node);

        rejection!.Failure.Should().Be(FilterFailure.DriverOnSpot);
        rejection.Message.Should().Contain("example.com/lifecycle=preemptible");
    }

    public static TheoryData<string, NodeInfo, FilterFailure?> Disruption => new()
    {
        { "disrupted NoSchedule", With(taints: [new NodeTaint(NodeFilter.DisruptedTaintKey, null, "NoSchedule")]), FilterFailure.Disrupted },
        { "disrupted but only PreferNoSchedule", With(taints: [new NodeTaint(NodeFilter.DisruptedTaintKey, null, "PreferNoSchedule")]), null },
        { "another NoSchedule taint", With(taints: [new NodeTaint("example.com/other", "x", "NoSchedule")]), null },
        { "reclaim annotation", With(annotations: new() { [NodeFilter.ReclaimAnnotation] = "2026-11-24T02:00:00Z" }), FilterFailure.SpotReclaim },
        { "reclaim condition true", With(conditions: [new NodeCondition(NodeFilter.ReclaimConditionType, "True")]), FilterFailure.SpotReclaim },
        { "reclaim condition false", With(conditions: [new NodeCondition(NodeFilter.ReclaimConditionType, "False")]), null },
        { "healthy", With(), null },
    };

    [Theory]
    [MemberData(nameof(Disruption))]
    public void Spark_pods_avoid_nodes_going_away_and_other_pods_do_not_care(string because, NodeInfo node, FilterFailure? expected)
    {
        Filter.Check(SparkGuard.AnyCapacity, node)?.Failure.Should().Be(expected, because);
        (Filter.Check(SparkGuard.AnyCapacity, node) is null).Should().Be(expected is null, because);
        Filter.Check(SparkGuard.None, node).Should().BeNull(because);
    }

    [Theory]
    [InlineData("driver", null, "spot", SparkGuard.OnDemandOnly)]
    [InlineData("executor", null, "spot", SparkGuard.SpotOnly)]
    [InlineData("executor", null, "prefer-spot", SparkGuard.AnyCapacity)]
    [InlineData("executor", "spot", "none", SparkGuard.SpotOnly)]
    [InlineData("executor", "none", "spot", SparkGuard.AnyCapacity)]
    [InlineData(null, null, "spot", SparkGuard.None)]
    public void Guard_follows_role_and_executor_policy(string? role, string? podPolicy, string defaultPolicy, SparkGuard expected)
    {
        var labels = new Dictionary<string, string>();
        if (role is not null)
        {
            labels[SparkGuards.RoleLabel] = role;
            labels[SparkGuards.AppSelectorLabel] = "spark-123";
        }

        var annotations = podPolicy is null ? [] : new Dictionary<string, string> { [SparkGuards.PolicyAnnotation] = podPolicy };
        var pod = new SchedulingPod("ns", "p", labels, annotations, ResourceAmounts.Zero);

        SparkGuards.For(pod, defaultPolicy).Should().Be(expected);
    }

    [Fact]
    public void A_pod_that_opted_out_is_not_guarded()
    {
        var pod = new SchedulingPod("ns", "p",
            new Dictionary<string, string> { [SparkGuards.RoleLabel] = "driver", [SparkGuards.AppSelectorLabel] = "a" },
            new Dictionary<string, string> { [SparkGuards.MutateAnnotation] = "false" },
            ResourceAmounts.Zero);

        SparkGuards.For(pod, "spot").Should().Be(SparkGuard.None);
    }

    private static NodeInfo With(List<NodeTaint>? taints = null, Dictionary<string, string>? annotations = null, List<NodeCondition>? conditions = null) =>
        TestNodes.Spot("n") with { Taints = taints ?? [], Annotations = annotations ?? [], Conditions = conditions ?? [] };
}
