using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Testing.Scoring;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class ExtenderExplainTests
{
    [Fact]
    public void Decisions_are_kept_newest_first_with_each_nodes_reason()
    {
        var prices = new TablePriceSource().With("ecs.g7.xlarge", "cn-hangzhou-h", CapacityType.Spot, 0.081, SpotInterruption.FromThirtyDayReleaseRate(0.02));
        var harness = new ExtenderHarness(prices);
        harness.Filter(FullArgs(SparkPod("driver"), Node("spot-1", "spot"), Node("od-1", "on-demand")));
        harness.Prioritize(FullArgs(SparkPod("executor"), Node("spot-1", "spot"), Node("od-1", "on-demand")));

        var view = ExplainView.From(harness.Explain.Recent(), limit: 10);

        view.Decisions.Select(d => d.Verb).Should().Equal("prioritize", "filter");
        var prioritize = view.Decisions[0];
        prioritize.Pod.Should().Be("spark/spark-pi-executor");
        prioritize.TopScores.Should().Contain(s => s.Node == "spot-1" && s.Reason.StartsWith("spot 0.081 CNY/h, share 0.25, price 1.00, fit 0.25 (allocatable only), risk low", StringComparison.Ordinal));
        prioritize.TopScores.Should().Contain(s => s.Node == "od-1" && s.Reason.StartsWith("on-demand price unknown", StringComparison.Ordinal));
        var filter = view.Decisions[1];
        filter.Guard.Should().Be("OnDemandOnly");
        filter.Rejections.Should().ContainSingle().Which.Should().Be(
            new ExplainView.RejectedNode("spot-1", "driver_on_spot", "Spark driver must not run on spot capacity (node label karpenter.sh/capacity-type=spot)"));
    }

    [Fact]
    public void The_log_keeps_only_its_capacity_and_limit_trims_the_view()
    {
        var log = new ExplainLog(2);
        for (var i = 0; i < 5; i++)
        {
            log.Record(new ExtenderDecision(DateTimeOffset.UnixEpoch.AddSeconds(i), "filter", $"ns/p{i}", Core.Extender.SparkGuard.None, 0, [], [], 0));
        }

        log.Recent().Select(d => d.Pod).Should().Equal("ns/p4", "ns/p3");
        ExplainView.From(log.Recent(), limit: 1).Decisions.Should().ContainSingle().Which.Pod.Should().Be("ns/p4");
    }

    [Fact]
    public void Best_keeps_the_highest_scores_highest_first_and_ties_by_name()
    {
        static NodeScore S(string name, int score) =>
            new(name, score, new ScoreBreakdown(Core.Catalog.CapacityType.Spot, null, null, 0.5, 0.5, false, 0.5, null));
        var scores = new[] { S("e", 3), S("b", 9), S("a", 3), S("d", 9), S("c", 1), S("f", 7) };

        ExplainLog.Best(scores, 4).Select(s => s.Name).Should().Equal("b", "d", "f", "a");
        ExplainLog.Best(scores, 10).Select(s => s.Name).Should().Equal("b", "d", "f", "a", "e", "c");
        ExplainLog.Best(scores, 0).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 1)]
    [InlineData(3, 20)]
    [InlineData(4, 700)]
    public void Best_of_many_tied_scores_is_the_first_of_a_full_sort(int seed, int count)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, 500)
            .Select(i => new NodeScore($"node-{random.Next(10_000):x4}-{i}", random.Next(0, 11), new ScoreBreakdown(Core.Catalog.CapacityType.Spot, null, null, 0.5, 0.5, false, 0.5, null)))
            .ToArray();

        ExplainLog.Best(scores, count).Select(s => s.Name).Should().Equal(
            scores.OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).Take(count).Select(s => s.Name));
    }

    [Fact]
    public async Task Failed_nodes_are_counted_by_reason()
    {
        var harness = new ExtenderHarness();
        harness.Filter(FullArgs(SparkPod("driver"), Node("s1", "spot"), Node("s2", "spot"), Node("od", "on-demand", taints: DisruptedTaint)));

        var text = await harness.MetricsText();

        text.Should().Contain("schedext_extender_nodes_failed_total{reason=\"driver_on_spot\"} 2");
        text.Should().Contain("schedext_extender_nodes_failed_total{reason=\"disrupted\"} 1");
        text.Should().Contain("schedext_extender_requests_total{verb=\"filter\",outcome=\"ok\"} 1");
        text.Should().Contain("schedext_extender_nodes_considered_sum{verb=\"filter\"} 3");
    }
}
