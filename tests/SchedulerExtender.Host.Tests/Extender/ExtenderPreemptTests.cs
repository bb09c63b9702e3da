using System.Text;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Testing.Scoring;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>The preempt verb: exact ExtenderPreemptionArgs in, exact ExtenderPreemptionResult out.</summary>
public sealed class ExtenderPreemptTests
{
    private const string Executor = "\"schedext.io/executor-policy\":\"spot\"";
    private const string PreferSpot = "\"schedext.io/executor-policy\":\"prefer-spot\"";

    private static readonly InMemoryNodeCache Cache = new InMemoryNodeCache()
        .Add(TestNodes.Spot("spot-a"))
        .Add(TestNodes.OnDemand("od-b"))
        .Add(TestNodes.OnDemand("od-c") with { Taints = [new NodeTaint(NodeFilter.DisruptedTaintKey, "", "NoSchedule")] })
        .Add(TestNodes.Spot("spot-d") with { Annotations = new Dictionary<string, string> { [NodeFilter.ReclaimAnnotation] = "2026-11-24T02:00:00Z" } });

    [Fact]
    public void A_driver_keeps_only_the_candidates_it_could_run_on()
    {
        var harness = new ExtenderHarness(cache: Cache);
        var args = MetaVictimsArgs(SparkPod("driver"),
            ("spot-a", ["uid-1"], 0), ("od-b", ["uid-2", "uid-3"], 1), ("od-c", ["uid-4"], 0), ("ghost", ["uid-5"], 0));

        var (reply, body) = harness.Preempt(args);

        reply.StatusCode.Should().Be(200);
        body.Should().Be("""{"NodeNameToMetaVictims":{"od-b":{"Pods":[{"UID":"uid-2"},{"UID":"uid-3"}],"NumPDBViolations":1}}}""");
    }

    [Fact]
    public void A_spot_executor_keeps_spot_candidates_without_a_reclaim_notice()
    {
        var harness = new ExtenderHarness(cache: Cache);
        var args = MetaVictimsArgs(SparkPod("executor", annotations: Executor),
            ("spot-a", ["uid-1"], 0), ("od-b", ["uid-2"], 0), ("spot-d", ["uid-3"], 0));

        harness.Preempt(args).Body.Should().Be("""{"NodeNameToMetaVictims":{"spot-a":{"Pods":[{"UID":"uid-1"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public void Whole_victim_pods_are_answered_by_uid_in_go_map_order_for_a_prefer_spot_executor_on_any_capacity()
    {
        var harness = new ExtenderHarness(cache: Cache);
        var args = VictimsArgs(SparkPod("executor", annotations: PreferSpot),
            ("spot-a", [VictimPod("report-1", "a1")], 0), ("od-b", [VictimPod("report-2", "b2"), VictimPod("report-3", "b3")], 2));

        var (reply, body) = harness.Preempt(args);

        reply.StatusCode.Should().Be(200);
        body.Should().Be("""{"NodeNameToMetaVictims":{"od-b":{"Pods":[{"UID":"b2"},{"UID":"b3"}],"NumPDBViolations":2},"spot-a":{"Pods":[{"UID":"a1"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public void A_pod_the_filter_leaves_alone_keeps_every_candidate_even_unknown_ones()
    {
        var harness = new ExtenderHarness(cache: Cache);

        var (_, body) = harness.Preempt(MetaVictimsArgs(SparkPod(""), ("spot-d", ["u1"], 0), ("ghost", ["u2"], 0)));

        body.Should().Be("""{"NodeNameToMetaVictims":{"ghost":{"Pods":[{"UID":"u2"}],"NumPDBViolations":0},"spot-d":{"Pods":[{"UID":"u1"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public void Keys_match_in_any_case_and_a_node_with_null_victims_is_left_out()
    {
        var harness = new ExtenderHarness(cache: Cache);
        var args = "{\"pod\":" + SparkPod("driver") + ""","nodenametometavictims":{"od-b":{"pods":[{"uid":"x"}],"numpdbviolations":0},"spot-a":null}}""";

        harness.Preempt(args).Body.Should().Be("""{"NodeNameToMetaVictims":{"od-b":{"Pods":[{"UID":"x"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public void No_candidates_is_an_empty_answer()
    {
        var (reply, body) = new ExtenderHarness(cache: Cache).Preempt("{\"Pod\":" + SparkPod("driver") + ""","NodeNameToVictims":null,"NodeNameToMetaVictims":null}""");

        reply.StatusCode.Should().Be(200);
        body.Should().Be("""{"NodeNameToMetaVictims":{}}""");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "request body is empty" },
        { "[]", "ExtenderPreemptionArgs must be a JSON object" },
        { """{"NodeNameToMetaVictims":{}}""", "ExtenderPreemptionArgs.Pod is missing" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToMetaVictims":[]}""", "NodeNameToMetaVictims must be a JSON object" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToMetaVictims":{"a":{"Pods":[{}]}}}""", "NodeNameToMetaVictims[a].Pods[0].UID is missing or empty" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToMetaVictims":{"a":{"Pods":[{"UID":7}]}}}""", "NodeNameToMetaVictims[a].Pods[0].UID must be a string" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToMetaVictims":{"a":{"Pods":[],"NumPDBViolations":-1}}}""", "NodeNameToMetaVictims[a].NumPDBViolations must be a non-negative integer" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToVictims":{"a":{"Pods":[{"metadata":{"name":"p"}}]}}}""", "NodeNameToVictims[a].Pods[0].metadata.uid is missing or empty" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToVictims":{"a":{"Pods":[{"spec":{}}]}}}""", "NodeNameToVictims[a].Pods[0] has no metadata" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToVictims":{"a":{"Pods":[{"metadata":{"uid":"u","labels":"spark-role=driver"}}]}}}""", "NodeNameToVictims[a].Pods[0].metadata.labels must be a JSON object" },
        { "{\"Pod\":" + SparkPod("driver") + ""","NodeNameToVictims":{"a":{"Pods":[{"metadata":{"uid":"u","name":7}}]}}}""", "NodeNameToVictims[a].Pods[0].metadata.name must be a string" },
        { "{\"Pod\":" + SparkPod("driver") + "} trailing", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_preemption_args_get_400_with_a_clear_message(string body, string message)
    {
        var (reply, output) = new ExtenderHarness(cache: Cache).Preempt(body);

        reply.StatusCode.Should().Be(400);
        reply.Error.Should().Contain(message);
        output.Should().BeEmpty();
    }

    [Fact]
    public void Every_truncation_and_byte_flip_of_a_real_request_is_answered_200_or_400_never_thrown()
    {
        var harness = new ExtenderHarness(cache: Cache);
        var body = VictimsArgs(SparkPod("driver"), ("spot-a", [VictimPod("report-1", "a1")], 0), ("od-b", [VictimPod("report-2", "b2")], 1));
        var random = new Random(20261124);
        var attempts = Enumerable.Range(0, body.Length / 5).Select(i => Encoding.UTF8.GetBytes(body[..(i * 5)])).ToList();
        ReadOnlySpan<byte> replacements = "{}[]\",:0a-\\ \xff\xc3"u8;
        for (var i = 0; i < 300; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            bytes[random.Next(bytes.Length)] = replacements[random.Next(replacements.Length)];
            attempts.Add(bytes);
        }

        foreach (var attempt in attempts)
        {
            harness.Preempt(attempt).Reply.StatusCode.Should().BeOneOf([200, 400], Encoding.Latin1.GetString(attempt));
        }
    }

    [Fact]
    public async Task Removed_candidates_are_counted_by_reason_and_explained()
    {
        var harness = new ExtenderHarness(cache: Cache);

        harness.Preempt(MetaVictimsArgs(SparkPod("driver"), ("spot-a", ["u1"], 0), ("spot-d", ["u2"], 0), ("ghost", ["u3"], 0), ("od-b", ["u4"], 0)));
        harness.Preempt("{");

        var text = await harness.MetricsText();
        text.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"driver_on_spot\"} 2");
        text.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"unknown_node\"} 1");
        text.Should().Contain("schedext_extender_requests_total{verb=\"preempt\",outcome=\"ok\"} 1");
        text.Should().Contain("schedext_extender_requests_total{verb=\"preempt\",outcome=\"bad_request\"} 1");
        var decision = harness.Explain.Recent().Single();
        decision.Verb.Should().Be("preempt");
        decision.NodesConsidered.Should().Be(4);
        decision.Rejections.Select(r => r.Node).Should().BeEquivalentTo("spot-a", "spot-d", "ghost");
    }

    [Fact]
    public void Candidates_that_would_evict_a_known_driver_go_when_another_candidate_evicts_none()
    {
        var harness = new ExtenderHarness(cache: Cache);
        harness.Drivers.Add("driver-uid", "spark/etl-driver");

        var (_, body) = harness.Preempt(MetaVictimsArgs(SparkPod(""),
            ("od-b", ["exec-uid", "driver-uid"], 0), ("spot-a", ["unknown-uid"], 0), ("ghost", ["exec-2"], 0)));

        body.Should().Be("""{"NodeNameToMetaVictims":{"ghost":{"Pods":[{"UID":"exec-2"}],"NumPDBViolations":0},"spot-a":{"Pods":[{"UID":"unknown-uid"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public async Task A_driver_removal_is_counted_under_its_own_reason_and_explained_with_the_drivers_name()
    {
        var harness = new ExtenderHarness(cache: Cache);
        harness.Drivers.Add("d1", "spark/etl-driver");

        harness.Preempt(MetaVictimsArgs(SparkPod("driver"), ("spot-a", ["x"], 0), ("od-b", ["d1"], 0), ("od-c", ["y"], 0), ("spot-d", ["z"], 0)));
        // Once the filter has taken out spot-a and the disrupted or reclaimed nodes, od-b is the only candidate left: it stays.
        harness.Preempt(MetaVictimsArgs(SparkPod(""), ("od-b", ["d1"], 0), ("spot-a", ["x"], 0)));

        var view = ExplainView.From(harness.Explain.Recent(), 10).Decisions;
        view[0].Rejections.Should().Equal(new ExplainView.RejectedNode("od-b", "evicts_spark_driver",
            "preemption here would evict the running Spark driver spark/etl-driver, ending the whole application; another candidate evicts no Spark driver"));
        view[1].Rejections.Select(r => r.Node).Should().BeEquivalentTo(["spot-a", "od-c", "spot-d"]);
        view[1].Rejections.Should().NotContain(r => r.Reason == "evicts_spark_driver");
        var text = await harness.MetricsText();
        text.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"evicts_spark_driver\"} 1");
        text.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"disrupted\"} 1");
    }
}
