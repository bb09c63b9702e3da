using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Core.Spark;
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

    [Fact]
    public void Each_rejection_names_its_own_nodes_label_value_whatever_came_before()
    {
        // Messages are shared between nodes by failure, label and value: none of the three may be left out.
        var filter = new NodeFilter(new SpotNodeRule("example.com/lifecycle", ["preemptible", "spot"]));
        NodeInfo Labelled(string? value) => NodeInfo.Named("n", value is null ? null : new Dictionary<string, string> { ["example.com/lifecycle"] = value });

        string[] messages =
        [
            .. new (SparkGuard Guard, string? Value)[]
            {
                (SparkGuard.OnDemandOnly, "spot"), (SparkGuard.OnDemandOnly, "spot"), (SparkGuard.OnDemandOnly, "preemptible"),
                (SparkGuard.SpotOnly, "on-demand"), (SparkGuard.SpotOnly, null), (SparkGuard.SpotOnly, "on-demand"), (SparkGuard.OnDemandOnly, "spot"),
            }.Select(c => filter.Check(c.Guard, Labelled(c.Value))!.Message),
        ];

        messages.Should().Equal(
            "Spark driver must not run on spot capacity (node label example.com/lifecycle=spot)",
            "Spark driver must not run on spot capacity (node label example.com/lifecycle=spot)",
            "Spark driver must not run on spot capacity (node label example.com/lifecycle=preemptible)",
            "executor policy 'spot' requires a spot node; node label example.com/lifecycle=on-demand",
            "executor policy 'spot' requires a spot node; node label example.com/lifecycle=<unset>",
            "executor policy 'spot' requires a spot node; node label example.com/lifecycle=on-demand",
            "Spark driver must not run on spot capacity (node label example.com/lifecycle=spot)");
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

    [Fact]
    public void A_cached_node_is_judged_as_the_node_itself_under_every_guard()
    {
        NodeInfo[] nodes =
        [
            TestNodes.Spot("spot", "ecs.g7.xlarge"), TestNodes.OnDemand("od", "ecs.g7.xlarge"), NodeInfo.Named("unlabelled"),
            .. Disruption.Select(row => (NodeInfo)row[1]).Select((n, i) => n with { Name = $"going-{i}" }),
        ];

        foreach (var guard in Enum.GetValues<SparkGuard>())
        {
            foreach (var node in nodes)
            {
                var kept = new CachedNode(node, SpotNodeRule.Default);
                var direct = Filter.Check(guard, node);
                var cached = Filter.Check(guard, kept);
                (cached?.Node, cached?.Failure, cached?.Message).Should().Be((direct?.Node, direct?.Failure, direct?.Message), $"{guard} on {node.Name}");
                Filter.Check(guard, kept).Should().BeSameAs(cached, "a kept node's rejection is made once, not per call");
            }
        }
    }

    [Fact]
    public void A_node_kept_by_another_spot_rule_is_judged_by_the_filters_own()
    {
        var rule = new SpotNodeRule("example.com/lifecycle", ["preemptible"]);
        var node = NodeInfo.Named("n", new Dictionary<string, string> { ["example.com/lifecycle"] = "preemptible" });
        var keptByDefault = new CachedNode(node, SpotNodeRule.Default);

        keptByDefault.CapacityType.Should().Be(CapacityType.OnDemand, "the default rule does not read the custom label");
        new NodeFilter(rule).Check(SparkGuard.OnDemandOnly, keptByDefault)!.Failure.Should().Be(FilterFailure.DriverOnSpot);
        new NodeFilter(rule).Check(SparkGuard.SpotOnly, keptByDefault).Should().BeNull();
    }

    [Theory]
    [InlineData("driver", null, null, ExecutorPolicy.Spot, SparkGuard.OnDemandOnly)]
    [InlineData("driver", "none", null, ExecutorPolicy.None, SparkGuard.OnDemandOnly)]
    [InlineData("executor", null, null, ExecutorPolicy.Spot, SparkGuard.SpotOnly)]
    [InlineData("executor", null, null, ExecutorPolicy.PreferSpot, SparkGuard.AnyCapacity)]
    [InlineData("executor", "spot", "none", ExecutorPolicy.None, SparkGuard.SpotOnly)]
    [InlineData("executor", null, "spot", ExecutorPolicy.None, SparkGuard.SpotOnly)]
    [InlineData("executor", "none", "spot", ExecutorPolicy.Spot, SparkGuard.AnyCapacity)]
    [InlineData("executor", "typo", null, ExecutorPolicy.PreferSpot, SparkGuard.AnyCapacity)]
    [InlineData("unknown-role", null, null, ExecutorPolicy.Spot, SparkGuard.None)]
    [InlineData(null, null, null, ExecutorPolicy.Spot, SparkGuard.None)]
    public void Guard_follows_role_and_the_webhooks_policy_resolution(string? role, string? podPolicy, string? namespacePolicy, ExecutorPolicy global, SparkGuard expected)
    {
        var labels = new Dictionary<string, string>();
        if (role is not null)
        {
            labels[SparkLabels.Role] = role;
            labels[SparkLabels.AppSelector] = "spark-123";
        }

        var annotations = podPolicy is null ? [] : new Dictionary<string, string> { [SchedextAnnotations.ExecutorPolicy] = podPolicy };
        var pod = new SchedulingPod("team-a", "p", labels, annotations, ResourceAmounts.Zero);
        var namespaces = new Namespaces();
        if (namespacePolicy is not null)
        {
            namespaces.Values[("team-a", SchedextAnnotations.ExecutorPolicy)] = namespacePolicy;
        }

        SparkGuards.For(pod, namespaces, global).Should().Be(expected);
    }

    [Theory]
    [InlineData("false", null, SparkGuard.None)]
    [InlineData(null, "false", SparkGuard.None)]
    [InlineData("true", "false", SparkGuard.OnDemandOnly)]
    public void A_pod_that_opted_out_itself_or_by_namespace_is_not_guarded(string? pod, string? ns, SparkGuard expected)
    {
        var driver = new SchedulingPod("team-a", "p",
            new Dictionary<string, string> { [SparkLabels.Role] = "driver", [SparkLabels.AppSelector] = "a" },
            pod is null ? [] : new Dictionary<string, string> { [SchedextAnnotations.Mutate] = pod },
            ResourceAmounts.Zero);
        var namespaces = new Namespaces();
        if (ns is not null)
        {
            namespaces.Values[("team-a", SchedextAnnotations.Mutate)] = ns;
        }

        SparkGuards.For(driver, namespaces, ExecutorPolicy.Spot).Should().Be(expected);
    }

    private sealed class Namespaces : INamespaceAnnotations
    {
        public Dictionary<(string, string), string> Values { get; } = [];

        public string? Get(string @namespace, string key) => Values.GetValueOrDefault((@namespace, key));
    }

    private static NodeInfo With(List<NodeTaint>? taints = null, Dictionary<string, string>? annotations = null, List<NodeCondition>? conditions = null) =>
        TestNodes.Spot("n") with { Taints = taints ?? [], Annotations = annotations ?? [], Conditions = conditions ?? [] };
}
