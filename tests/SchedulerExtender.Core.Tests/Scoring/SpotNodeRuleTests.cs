using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Core.Tests.Scoring;

public sealed class SpotNodeRuleTests
{
    [Fact]
    public void Rules_configured_alike_are_one_instance_so_nodes_kept_by_one_serve_the_other()
    {
        var rule = SpotNodeRule.Of("example.com/lifecycle", ["spot", "preemptible"]);

        SpotNodeRule.Of("example.com/lifecycle", ["preemptible", "spot", "spot"]).Should().BeSameAs(rule, "order and repeats do not matter");
        SpotNodeRule.Of("example.com/lifecycle", ["preemptible"]).Should().NotBeSameAs(rule);
        SpotNodeRule.Of("example.com/other", ["spot", "preemptible"]).Should().NotBeSameAs(rule);
        SpotNodeRule.Of(SpotNodeRule.DefaultLabel, [CapacityTypes.SpotLabelValue]).Should().BeSameAs(SpotNodeRule.Default);
        rule.SpotValues.Should().BeEquivalentTo("spot", "preemptible");
    }

    [Theory]
    [InlineData("spot", CapacityType.Spot)]
    [InlineData("preemptible", CapacityType.Spot)]
    [InlineData("on-demand", CapacityType.OnDemand)]
    [InlineData(null, CapacityType.OnDemand)]
    public void A_node_is_spot_when_its_label_has_one_of_the_values(string? value, CapacityType expected)
    {
        var rule = SpotNodeRule.Of("example.com/lifecycle", ["spot", "preemptible"]);
        var node = NodeInfo.Named("n", value is null ? null : new Dictionary<string, string> { ["example.com/lifecycle"] = value });

        rule.CapacityTypeOf(node).Should().Be(expected);
        new CachedNode(node, rule).CapacityType.Should().Be(expected);
    }
}
