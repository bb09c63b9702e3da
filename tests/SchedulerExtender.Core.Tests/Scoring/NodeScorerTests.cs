using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Testing.Scoring;

namespace SchedulerExtender.Core.Tests.Scoring;

public sealed class NodeScorerTests
{
    private const string Type = "ecs.g7.xlarge";
    private static readonly ResourceAmounts OneCpu = TestNodes.Resources(1, 2);
    private static readonly InMemoryNodeCache NoUsage = new();

    private static NodeScore[] Score(ResourceAmounts pod, IPriceSource prices, INodeUsage usage, params NodeInfo[] nodes) =>
        new NodeScorer(new ScoringOptions(), SpotNodeRule.Default).Score(pod, nodes, prices, usage);

    [Theory]
    [InlineData(0.10, 0.30)]
    [InlineData(0.50, 0.51)]
    [InlineData(0.01, 2.00)]
    public void Cheaper_spot_beats_dearer_spot(double cheap, double dear)
    {
        var prices = new TablePriceSource()
            .With(Type, "zone-a", CapacityType.Spot, cheap)
            .With(Type, "zone-b", CapacityType.Spot, dear);
        var scores = Score(OneCpu, prices, NoUsage,
            TestNodes.Spot("dear", Type, zone: "zone-b"),
            TestNodes.Spot("cheap", Type, zone: "zone-a"));

        scores[1].Breakdown.PriceScore.Should().Be(1);
        scores[0].Breakdown.PriceScore.Should().BeApproximately(cheap / dear, 1e-9);
        scores[1].Score.Should().BeGreaterThanOrEqualTo(scores[0].Score);
    }

    [Fact]
    public void Price_is_per_requested_share_so_a_cheaper_node_per_pod_wins_even_when_dearer_per_hour()
    {
        // A 1-CPU pod takes 1/4 of a 4-CPU node at 0.40/h (0.10 per pod-hour) and 1/16 of a
        // 16-CPU node at 1.20/h (0.075 per pod-hour): the big node is the cheaper home.
        var prices = new TablePriceSource()
            .With("small", TestNodes.Zone, CapacityType.Spot, 0.40)
            .With("big", TestNodes.Zone, CapacityType.Spot, 1.20);
        var scores = Score(OneCpu, prices, NoUsage,
            TestNodes.Spot("small", "small", cpu: 4, memGiB: 16),
            TestNodes.Spot("big", "big", cpu: 16, memGiB: 64));

        scores[1].Breakdown.PriceScore.Should().Be(1);
        scores[0].Breakdown.PriceScore.Should().BeApproximately(0.075 / 0.10, 1e-9);
    }

    [Fact]
    public void Tighter_fit_beats_looser_fit_at_equal_price()
    {
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.2);
        var usage = new InMemoryNodeCache()
            .Add(TestNodes.Spot("busy", Type), TestNodes.Resources(2.5, 4))
            .Add(TestNodes.Spot("empty", Type), ResourceAmounts.Zero);
        var scores = Score(OneCpu, prices, usage, TestNodes.Spot("empty", Type), TestNodes.Spot("busy", Type));

        scores[1].Breakdown.Fit.Should().BeApproximately(3.5 / 4, 1e-9);
        scores[0].Breakdown.Fit.Should().BeApproximately(1.0 / 4, 1e-9);
        scores[1].Score.Should().BeGreaterThan(scores[0].Score);
        scores[1].Breakdown.FitKnowsUsage.Should().BeTrue();
    }

    [Fact]
    public void A_pod_that_fills_a_node_exactly_has_the_best_fit_and_one_that_overflows_the_worst()
    {
        var usage = new InMemoryNodeCache()
            .Add(TestNodes.Spot("exact", Type), TestNodes.Resources(3, 2))
            .Add(TestNodes.Spot("over", Type), TestNodes.Resources(3.5, 2));
        var scores = Score(OneCpu, new TablePriceSource(), usage, TestNodes.Spot("exact", Type), TestNodes.Spot("over", Type));

        scores[0].Breakdown.Fit.Should().Be(1);
        scores[1].Breakdown.Fit.Should().Be(0);
        scores[1].Reason.Should().Contain("does not fit");
    }

    [Fact]
    public void Without_usage_fit_is_measured_against_allocatable_and_says_so()
    {
        var scores = Score(OneCpu, new TablePriceSource(), NoUsage,
            TestNodes.Spot("small", Type, cpu: 2, memGiB: 8),
            TestNodes.Spot("large", Type, cpu: 16, memGiB: 64));

        scores[0].Breakdown.Fit.Should().BeGreaterThan(scores[1].Breakdown.Fit);
        scores[0].Reason.Should().Contain("allocatable only");
    }

    [Theory]
    [InlineData(false, true, "unknown type")]
    [InlineData(true, false, "unknown zone")]
    public void Unknown_price_gives_a_neutral_price_score(bool knownType, bool knownZone, string because)
    {
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.2);
        var node = TestNodes.Spot("n", knownType ? Type : "ecs.unheard.of", zone: knownZone ? TestNodes.Zone : "mars-1a");
        var score = Score(OneCpu, prices, NoUsage, node).Single();

        score.Breakdown.PriceScore.Should().Be(0.5, because);
        score.Breakdown.PricePerHour.Should().BeNull();
        score.Reason.Should().Contain("price unknown");
    }

    [Fact]
    public void A_node_without_labels_or_allocatable_gets_neutral_scores_not_an_error()
    {
        var score = Score(OneCpu, new TablePriceSource(), NoUsage, NodeInfo.Named("bare")).Single();

        score.Breakdown.PriceScore.Should().Be(0.5);
        score.Breakdown.Fit.Should().Be(0.5);
        score.Breakdown.CapacityType.Should().Be(CapacityType.OnDemand);
        score.Reason.Should().Contain("no allocatable");
    }

    [Theory]
    [InlineData(0.01, 0.08)]
    [InlineData(0.0, 0.05)]
    [InlineData(0.02, 0.5)]
    public void Lower_interruption_rate_is_lower_risk(double safer, double riskier) // released per 30 days
    {
        var prices = new TablePriceSource()
            .With(Type, "zone-a", CapacityType.Spot, 0.2, SpotInterruption.FromThirtyDayReleaseRate(safer))
            .With(Type, "zone-b", CapacityType.Spot, 0.2, SpotInterruption.FromThirtyDayReleaseRate(riskier));
        var scores = Score(OneCpu, prices, NoUsage, TestNodes.Spot("a", Type, zone: "zone-a"), TestNodes.Spot("b", Type, zone: "zone-b"));

        scores[0].Breakdown.Risk.Should().BeGreaterThan(scores[1].Breakdown.Risk);
    }

    [Fact]
    public void Risk_is_best_on_demand_and_neutral_for_spot_without_a_rate()
    {
        var prices = new TablePriceSource()
            .With(Type, TestNodes.Zone, CapacityType.OnDemand, 1.0)
            .With(Type, TestNodes.Zone, CapacityType.Spot, 0.2);
        var scores = Score(OneCpu, prices, NoUsage, TestNodes.OnDemand("od", Type), TestNodes.Spot("spot", Type));

        scores[0].Breakdown.Risk.Should().Be(1);
        scores[0].Breakdown.RiskLabel.Should().Be("on-demand");
        scores[1].Breakdown.Risk.Should().Be(0.5);
        scores[1].Breakdown.RiskLabel.Should().Be("unknown");
    }

    [Theory]
    [InlineData(1, 0, 0, "cheap")]
    [InlineData(0, 1, 0, "tight")]
    [InlineData(0, 0, 1, "safe")]
    [InlineData(2, 1, 1, "cheap")]
    [InlineData(0, 3, 1, "tight")]
    public void Weights_select_what_counts(double price, double fit, double risk, string expectedBest)
    {
        // "cheap" is cheapest but loose and risky; "tight" is dear but full; "safe" is on-demand.
        var prices = new TablePriceSource()
            .With(Type, "zone-a", CapacityType.Spot, 0.1, SpotInterruption.FromThirtyDayReleaseRate(0.18))
            .With(Type, "zone-b", CapacityType.Spot, 0.4, SpotInterruption.FromThirtyDayReleaseRate(0.18))
            .With(Type, "zone-c", CapacityType.OnDemand, 0.8);
        var usage = new InMemoryNodeCache()
            .Add(TestNodes.Spot("cheap", Type, zone: "zone-a"), ResourceAmounts.Zero)
            .Add(TestNodes.Spot("tight", Type, zone: "zone-b"), TestNodes.Resources(3, 8))
            .Add(TestNodes.OnDemand("safe", Type, zone: "zone-c"), TestNodes.Resources(1, 4));
        var nodes = new[] { TestNodes.Spot("cheap", Type, zone: "zone-a"), TestNodes.Spot("tight", Type, zone: "zone-b"), TestNodes.OnDemand("safe", Type, zone: "zone-c") };
        var scores = new NodeScorer(new ScoringOptions(price, fit, risk), SpotNodeRule.Default).Score(OneCpu, nodes, prices, usage);

        var best = scores.Where(s => s.Score == scores.Max(x => x.Score)).Select(s => s.Name);
        best.Should().Equal(expectedBest);
    }

    [Fact]
    public void Scores_are_deterministic_in_range_and_in_input_order()
    {
        var prices = new TablePriceSource();
        var nodes = new List<NodeInfo>();
        var usage = new InMemoryNodeCache();
        for (var i = 0; i < 50; i++)
        {
            var zone = $"zone-{i % 3}";
            prices.With(Type, zone, CapacityType.Spot, 0.1 + (i % 7 * 0.03), SpotInterruption.FromThirtyDayReleaseRate(i % 5 * 0.04));
            var node = TestNodes.Spot($"node-{i}", Type, cpu: 2 + (i % 4 * 2), memGiB: 8 + (i % 3 * 8), zone: zone);
            usage.Add(node, TestNodes.Resources(i % 3 * 0.5, i % 2));
            nodes.Add(node);
        }

        var scorer = new NodeScorer(new ScoringOptions(1, 2, 0.5), SpotNodeRule.Default);
        var first = scorer.Score(OneCpu, nodes, prices, usage);
        var second = scorer.Score(OneCpu, nodes, prices, usage);

        first.Select(s => (s.Name, s.Score, s.Reason)).Should().Equal(second.Select(s => (s.Name, s.Score, s.Reason)));
        first.Select(s => s.Name).Should().Equal(nodes.Select(n => n.Name));
        first.Should().OnlyContain(s => s.Score >= 0 && s.Score <= NodeScore.MaxScore);
        first.Select(s => s.Score).Distinct().Should().HaveCountGreaterThan(1);
    }

    [Fact]
    public void The_allocation_free_path_gives_the_same_scores_and_explains_each_node_as_the_full_path()
    {
        var prices = new TablePriceSource();
        var usage = new InMemoryNodeCache();
        var nodes = new List<NodeInfo?>();
        for (var i = 0; i < 30; i++)
        {
            var zone = $"zone-{i % 3}";
            prices.With(Type, zone, CapacityType.Spot, 0.1 + (i % 7 * 0.05), SpotInterruption.FromThirtyDayReleaseRate(i % 4 * 0.05));
            var node = i % 5 == 4
                ? TestNodes.OnDemand($"node-{i}", Type, cpu: 4, memGiB: 16)
                : TestNodes.Spot($"node-{i}", Type, cpu: 2 + (i % 3 * 2), memGiB: 8, zone: zone);
            usage.Add(node, TestNodes.Resources(i % 4 * 0.5, i % 3));
            nodes.Add(node);
        }

        nodes.Insert(7, null);
        var scorer = new NodeScorer(new ScoringOptions(2, 1, 1), SpotNodeRule.Default);
        var known = nodes.OfType<NodeInfo>().ToList();
        var full = scorer.Score(OneCpu, known, prices, usage);

        var cached = nodes.Select(n => n is null ? null : new CachedNode(n, SpotNodeRule.Default)).ToArray();
        var scores = new int[nodes.Count];
        var run = scorer.Score(OneCpu, cached, prices, usage, scores);

        scores[7].Should().Be(0, "a node the caller does not know scores 0");
        scores.Where((_, i) => i != 7).Should().Equal(full.Select(s => s.Score));
        cached.OfType<CachedNode>().Select(n => scorer.Explain(run, n, prices, usage)).Select(s => (s.Name, s.Score, s.Reason))
            .Should().Equal(full.Select(s => (s.Name, s.Score, s.Reason)));
        full.Select(s => s.Score).Distinct().Should().HaveCountGreaterThan(2);
    }

    [Fact]
    public void Cached_nodes_keep_their_prices_until_the_price_source_has_a_new_version()
    {
        var table = new TablePriceSource().With(Type, "zone-a", CapacityType.Spot, 0.1).With(Type, "zone-b", CapacityType.Spot, 0.3);
        var prices = new VersionedPrices(table);
        var infos = new[] { TestNodes.Spot("a", Type, zone: "zone-a"), TestNodes.Spot("b", Type, zone: "zone-b") };
        var kept = infos.Select(n => new CachedNode(n, SpotNodeRule.Default)).ToArray();
        var scorer = new NodeScorer(new ScoringOptions(1, 0, 0), SpotNodeRule.Default);
        int[] Scores(IPriceSource source, CachedNode?[] nodes)
        {
            var scores = new int[nodes.Length];
            scorer.Score(OneCpu, nodes, source, NoUsage, scores);
            return scores;
        }

        CachedNode?[] Fresh() => [.. infos.Select(n => new CachedNode(n, SpotNodeRule.Default))];

        var before = Scores(prices, kept);
        before.Should().Equal(10, 3);

        table.With(Type, "zone-a", CapacityType.Spot, 0.3).With(Type, "zone-b", CapacityType.Spot, 0.1);
        Scores(prices, kept).Should().Equal((IEnumerable<int>)before, "within one version the scorer answers from what the nodes kept");
        Scores(prices, Fresh()).Should().Equal(3, 10);
        scorer.Explain(new ScoringRun(OneCpu, double.PositiveInfinity), kept[0], prices, NoUsage).Breakdown.PricePerHour.Should().Be(0.1, "explain reads the same kept price");

        prices.NewVersion();
        Scores(prices, kept).Should().Equal((IEnumerable<int>)[3, 10], "a new version makes every node's price be looked up again");

        // A source without versions (the interface's default, a new object each time) is never kept.
        table.With(Type, "zone-a", CapacityType.Spot, 0.1).With(Type, "zone-b", CapacityType.Spot, 0.3);
        Scores(table, kept).Should().Equal(10, 3);
        table.With(Type, "zone-a", CapacityType.Spot, 0.3).With(Type, "zone-b", CapacityType.Spot, 0.1);
        Scores(table, kept).Should().Equal(3, 10);
    }

    [Fact]
    public void A_node_kept_by_another_spot_rule_is_scored_by_the_scorers_own()
    {
        // Kept by the default rule, where the custom label means nothing: on-demand there, spot here.
        var rule = new SpotNodeRule("example.com/lifecycle", ["preemptible"]);
        var node = TestNodes.OnDemand("n", Type) with { Labels = new Dictionary<string, string>(TestNodes.OnDemand("n", Type).Labels) { ["example.com/lifecycle"] = "preemptible" } };
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.1).With(Type, TestNodes.Zone, CapacityType.OnDemand, 1.0);
        var scorer = new NodeScorer(new ScoringOptions(), rule);

        var explained = scorer.Explain(new ScoringRun(OneCpu, double.PositiveInfinity), new CachedNode(node, SpotNodeRule.Default), prices, NoUsage);

        explained.Breakdown.CapacityType.Should().Be(CapacityType.Spot);
        explained.Breakdown.PricePerHour.Should().Be(0.1);
    }

    [Fact]
    public void A_pod_without_requests_is_scored_with_kube_schedulers_non_zero_defaults()
    {
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.4);
        var score = Score(ResourceAmounts.Zero, prices, NoUsage, TestNodes.Spot("n", Type, cpu: 4, memGiB: 16)).Single();

        score.Breakdown.PodShare.Should().BeApproximately(100.0 / 4000, 1e-9);
    }

    [Fact]
    public void Reason_reads_like_the_design_example()
    {
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.081, SpotInterruption.FromThirtyDayReleaseRate(0.02));
        var usage = new InMemoryNodeCache().Add(TestNodes.Spot("n", Type), TestNodes.Resources(2, 4));
        var score = Score(OneCpu, prices, usage, TestNodes.Spot("n", Type)).Single();

        score.Reason.Should().Be("spot 0.081 CNY/h, share 0.25, price 1.00, fit 0.75, risk low");
    }

    /// <summary>Prices that change only when told to, like a refreshed price snapshot.</summary>
    private sealed class VersionedPrices(IPriceSource inner) : IPriceSource
    {
        public object Version { get; private set; } = new();

        public void NewVersion() => Version = new object();

        public Offering? Find(string instanceType, string zone, CapacityType capacityType) => inner.Find(instanceType, zone, capacityType);

        public InstanceType? FindType(string instanceType) => inner.FindType(instanceType);
    }
}
