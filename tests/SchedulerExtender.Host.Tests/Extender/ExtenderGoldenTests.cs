using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Testing.Scoring;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>Exact kube-scheduler request bodies in, exact response JSON out.</summary>
public sealed class ExtenderGoldenTests
{
    private const string DriverOnSpot = "Spark driver must not run on spot capacity (node label karpenter.sh/capacity-type=spot)";
    private const string Disrupted = "node is being disrupted by the provisioner (taint karpenter.sh/disrupted:NoSchedule)";

    [Fact]
    public void Filter_full_list_returns_passing_nodes_unchanged_and_reasons_for_the_rest()
    {
        var spot = Node("spot-1", "spot");
        var onDemand = Node("od-1", "on-demand");
        var disrupted = Node("od-2", "on-demand", taints: DisruptedTaint);

        var (reply, body) = new ExtenderHarness().Filter(FullArgs(SparkPod("driver"), spot, onDemand, disrupted));

        reply.StatusCode.Should().Be(200);
        body.Should().Be(
            $$"""{"Nodes":{"metadata":{},"items":[{{onDemand}}]},"NodeNames":null,"FailedNodes":{},"FailedAndUnresolvableNodes":{"spot-1":"{{DriverOnSpot}}","od-2":"{{Disrupted}}"},"Error":""}""");
    }

    [Fact]
    public void Filter_node_names_answers_a_subset_and_fails_names_missing_from_the_cache()
    {
        var cache = new InMemoryNodeCache().Add(TestNodes.Spot("spot-a")).Add(TestNodes.OnDemand("od-b"));
        var pod = SparkPod("executor", annotations: "\"schedext.io/executor-policy\":\"spot\"");

        var (reply, body) = new ExtenderHarness(cache: cache).Filter(NamesArgs(pod, "spot-a", "od-b", "ghost"));

        const string needsSpot = "executor policy 'spot' requires a spot node; node label karpenter.sh/capacity-type=on-demand";
        reply.StatusCode.Should().Be(200);
        body.Should().Be(
            $$"""{"Nodes":null,"NodeNames":["spot-a"],"FailedNodes":{"ghost":"node is not in the extender's node cache yet"},"FailedAndUnresolvableNodes":{"od-b":"{{needsSpot}}"},"Error":""}""");
    }

    [Fact]
    public void Filter_lets_every_node_through_for_a_non_spark_pod()
    {
        var spot = Node("spot-1", "spot");
        var disrupted = Node("od-2", "on-demand", taints: DisruptedTaint);

        var full = new ExtenderHarness().Filter(FullArgs(SparkPod(""), spot, disrupted));
        var names = new ExtenderHarness().Filter(NamesArgs(SparkPod(""), "spot-1", "unknown-to-cache"));

        full.Body.Should().Be(
            $$"""{"Nodes":{"metadata":{},"items":[{{spot}},{{disrupted}}]},"NodeNames":null,"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
        names.Body.Should().Be("""{"Nodes":null,"NodeNames":["spot-1","unknown-to-cache"],"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
    }

    [Fact]
    public void Prioritize_full_list_scores_price_fit_and_risk_by_each_nodes_own_labels()
    {
        // Pod: 1 CPU / 2Gi (the 100m init container is smaller). Nodes 4 CPU / 16Gi except d.
        // Risk is 1 - rate/ceiling, the ceiling 20% released per 30 days.
        // a: spot 0.20/h, 2%/30d  -> price 1.00, fit 0.25, risk 0.9 -> 7.17 -> 7
        // b: spot 0.40/h, 10%/30d -> price 0.50, fit 0.25, risk 0.5 -> 4.17 -> 4
        // c: on-demand 1.00/h   -> price 0.20, fit 0.25, risk 1.0 -> 4.83 -> 5
        // d: spot, unknown type -> price 0.50, fit 0.125 (8 CPU/32Gi), risk 0.5 -> 3.75 -> 4
        var prices = new TablePriceSource()
            .With("ecs.g7.xlarge", "cn-hangzhou-h", CapacityType.Spot, 0.20, SpotInterruption.FromThirtyDayReleaseRate(0.02))
            .With("ecs.g7.xlarge", "cn-hangzhou-i", CapacityType.Spot, 0.40, SpotInterruption.FromThirtyDayReleaseRate(0.10))
            .With("ecs.g7.xlarge", "cn-hangzhou-h", CapacityType.OnDemand, 1.00);
        var args = FullArgs(SparkPod("executor"),
            Node("a", "spot"),
            Node("b", "spot", zone: "cn-hangzhou-i"),
            Node("c", "on-demand"),
            Node("d", "spot", instanceType: "ecs.g7.2xlarge", cpu: "8", memory: "32Gi"));

        var (reply, body) = new ExtenderHarness(prices).Prioritize(args);

        reply.StatusCode.Should().Be(200);
        body.Should().Be("""[{"Host":"a","Score":7},{"Host":"b","Score":4},{"Host":"c","Score":5},{"Host":"d","Score":4}]""");
    }

    [Fact]
    public void Prioritize_node_names_uses_cached_nodes_and_usage_and_scores_unknown_names_zero()
    {
        // Equal price and risk (0.9); a already runs 2 CPU / 4Gi so the pod fills it to 0.75, b stays at 0.25.
        var prices = new TablePriceSource().With("ecs.g7.xlarge", TestNodes.Zone, CapacityType.Spot, 0.2, SpotInterruption.FromThirtyDayReleaseRate(0.02));
        var cache = new InMemoryNodeCache()
            .Add(TestNodes.Spot("a"), TestNodes.Resources(2, 4))
            .Add(TestNodes.Spot("b"), TestNodes.Resources(0, 0));

        var (reply, body) = new ExtenderHarness(prices, cache).Prioritize(NamesArgs(SparkPod("executor"), "a", "b", "ghost"));

        reply.StatusCode.Should().Be(200);
        body.Should().Be("""[{"Host":"a","Score":9},{"Host":"b","Score":7},{"Host":"ghost","Score":0}]""");
    }

    [Fact]
    public void Keys_of_the_extender_types_match_in_any_casing_as_in_go()
    {
        var node = Node("od-1", "on-demand");
        var lower = $$"""{"pod":{{SparkPod("driver")}},"NODES":{"Metadata":{},"Items":[{{node}}]},"nodenames":null}""";

        var (reply, body) = new ExtenderHarness().Filter(lower);

        reply.StatusCode.Should().Be(200);
        body.Should().Be($$"""{"Nodes":{"metadata":{},"items":[{{node}}]},"NodeNames":null,"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
    }

    [Fact]
    public void Empty_node_lists_get_empty_answers()
    {
        var harness = new ExtenderHarness();
        var pod = SparkPod("driver");

        harness.Filter(FullArgs(pod)).Body.Should().Be("""{"Nodes":{"metadata":{},"items":[]},"NodeNames":null,"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
        harness.Filter(NamesArgs(pod)).Body.Should().Be("""{"Nodes":null,"NodeNames":[],"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
        harness.Filter($$"""{"Pod":{{pod}}}""").Body.Should().Be("""{"Nodes":null,"NodeNames":[],"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""}""");
        harness.Prioritize(FullArgs(pod)).Body.Should().Be("[]");
        harness.Prioritize(NamesArgs(pod)).Body.Should().Be("[]");
    }

    [Fact]
    public void A_node_without_allocatable_is_scored_neutrally_not_refused()
    {
        var bare = """{"metadata":{"name":"bare","labels":{"karpenter.sh/capacity-type":"spot"}},"spec":{},"status":{}}""";

        var (reply, body) = new ExtenderHarness().Prioritize(FullArgs(SparkPod("executor"), bare));

        // price 0.5 (unknown), fit 0.5 (no allocatable), risk 0.5 (spot, unknown rate) -> 5
        reply.StatusCode.Should().Be(200);
        body.Should().Be("""[{"Host":"bare","Score":5}]""");
    }
}
