using System.Text;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Testing.Scoring;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class PassedNodesTests
{
    private static readonly string ExecutorPod = SparkPod("executor");

    [Fact]
    public void Passed_nodes_are_handed_over_only_for_exactly_the_passed_names_in_order()
    {
        var a = new CachedNode(TestNodes.Spot("ab"), SpotNodeRule.Default);
        var c = new CachedNode(TestNodes.Spot("c"), SpotNodeRule.Default);
        var d = new CachedNode(TestNodes.Spot("d"), SpotNodeRule.Default);
        using var asked = Names("ab", "x", "c", "d");
        using var passed = PassedNodes.Of(asked, [0, 2, 3], [a, null, c, d]);
        var copied = new CachedNode?[3];

        using (var same = Names("ab", "c", "d"))
        {
            passed.TryCopyTo(same, copied).Should().BeTrue();
            copied.Should().Equal(a, c, d);
        }

        foreach (var other in new[] { Names("c", "ab", "d"), Names("a", "bc", "d"), Names("ab", "c"), Names("ab", "c", "d", "x"), Names() })
        {
            using (other)
            {
                passed.TryCopyTo(other, new CachedNode?[3]).Should().BeFalse(string.Join(",", other));
            }
        }
    }

    [Fact]
    public void Prioritize_scores_the_nodes_its_pod_s_filter_passed_and_looks_names_up_otherwise()
    {
        var (cache, harness) = Cluster();
        var before = Scores(cache, "a", "b");

        harness.Filter(NamesArgs(ExecutorPod, "a", "b"));
        cache.Add(TestNodes.Spot("b", cpu: 64, memGiB: 256)); // b changes between the pod's filter and prioritize calls
        var after = Scores(cache, "a", "b");
        after.Should().NotBe(before, "the change must show in the scores for this test to mean anything");

        harness.Prioritize(NamesArgs(ExecutorPod, "a", "b")).Body.Should().Be(before, "the filter's nodes are scored");
        harness.Prioritize(NamesArgs(ExecutorPod, "a", "b")).Body.Should().Be(after, "a second call finds the nodes again");

        harness.Filter(NamesArgs(ExecutorPod, "a", "b"));
        harness.Prioritize(NamesArgs(ExecutorPod, "b", "a")).Body.Should().Be(Scores(cache, "b", "a"), "other names than the filter passed are looked up");
    }

    [Fact]
    public void A_filter_that_looked_nothing_up_hands_nothing_over()
    {
        var (cache, harness) = Cluster();

        harness.Filter(NamesArgs(SparkPod(""), "a", "b")); // not a Spark pod: every name passes unseen
        cache.Add(TestNodes.Spot("b", cpu: 64, memGiB: 256));

        harness.Prioritize(NamesArgs(ExecutorPod, "a", "b")).Body.Should().Be(Scores(cache, "a", "b"));
    }

    private static (InMemoryNodeCache Cache, ExtenderHarness Harness) Cluster()
    {
        var cache = new InMemoryNodeCache().Add(TestNodes.Spot("a")).Add(TestNodes.Spot("b"));
        return (cache, new ExtenderHarness(Prices(), cache));
    }

    /// <summary>What a fresh extender answers over the cache as it is now.</summary>
    private static string Scores(InMemoryNodeCache cache, params string[] names) =>
        new ExtenderHarness(Prices(), cache).Prioritize(NamesArgs(ExecutorPod, names)).Body;

    private static TablePriceSource Prices() =>
        new TablePriceSource().With("ecs.g7.xlarge", TestNodes.Zone, CapacityType.Spot, 0.2, SpotInterruption.FromThirtyDayReleaseRate(0.02));

    private static NodeNameList Names(params string[] names) =>
        ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(NamesArgs(ExecutorPod, names))).NodeNames;
}
