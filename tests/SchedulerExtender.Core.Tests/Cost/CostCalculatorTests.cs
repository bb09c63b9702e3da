using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Cost;

namespace SchedulerExtender.Core.Tests.Cost;

public sealed class CostCalculatorTests
{
    // ecs.c7.xlarge in zone f: on-demand 0.8, spot 0.16; in zone g only on-demand 1.0.
    // ecs.g7.xlarge in zone f: spot 0.2 only (no on-demand price known).
    private static readonly InstanceCatalog Prices = new(
    [
        new RegionCatalog("cn-shenzhen",
        [
            new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0,
            [
                new Offering("cn-shenzhen-f", CapacityType.OnDemand, 0.8),
                new Offering("cn-shenzhen-f", CapacityType.Spot, 0.16),
                new Offering("cn-shenzhen-g", CapacityType.OnDemand, 1.0),
            ]),
            new InstanceType("ecs.g7.xlarge", "ecs.g7", "amd64", 4, 16, 0, [new Offering("cn-shenzhen-f", CapacityType.Spot, 0.2)]),
        ]),
    ]);

    public static TheoryData<string, string[], double, double, double> Clusters => new()
    {
        // name, nodes as "nodepool/capacity/type/zone" ("-" = label absent), cost/h, on-demand/h, saving
        { "empty", [], 0, 0, 0 },
        { "one on-demand", ["spark/on-demand/ecs.c7.xlarge/cn-shenzhen-f"], 0.8, 0.8, 0 },
        { "one spot", ["spark/spot/ecs.c7.xlarge/cn-shenzhen-f"], 0.16, 0.8, 0.8 },
        { "driver and two executors", ["spark/on-demand/ecs.c7.xlarge/cn-shenzhen-f", "spark/spot/ecs.c7.xlarge/cn-shenzhen-f", "spark/spot/ecs.c7.xlarge/cn-shenzhen-f"], 1.12, 2.4, 1 - (1.12 / 2.4) },
        { "spot without on-demand price counts at its own price", ["spark/spot/ecs.g7.xlarge/cn-shenzhen-f"], 0.2, 0.2, 0 },
        { "unlabelled capacity is on-demand", ["-/-/ecs.c7.xlarge/cn-shenzhen-g"], 1.0, 1.0, 0 },
        { "unknown type, zone or offering costs nothing", ["spark/spot/ecs.nope/cn-shenzhen-f", "spark/spot/ecs.c7.xlarge/-", "spark/spot/ecs.c7.xlarge/cn-shenzhen-g", "spark/spot/-/cn-shenzhen-f"], 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Totals(string name, string[] nodes, double costPerHour, double onDemandPerHour, double saving)
    {
        var snapshot = CostCalculator.Calculate(Parse(nodes), Prices);

        snapshot.CostPerHour.Should().BeApproximately(costPerHour, 1e-9, name);
        snapshot.OnDemandEquivalentPerHour.Should().BeApproximately(onDemandPerHour, 1e-9, name);
        snapshot.SavingRatio.Should().BeApproximately(saving, 1e-9, name);
        snapshot.Nodes.Sum(c => c.Nodes).Should().Be(nodes.Length, "every node is counted, priced or not");
    }

    [Fact]
    public void Groups_split_by_node_pool_capacity_type_and_instance_type_in_a_stable_order()
    {
        var nodes = Parse(["spark/spot/ecs.g7.xlarge/cn-shenzhen-f", "batch/on-demand/ecs.c7.xlarge/cn-shenzhen-f", "spark/spot/ecs.c7.xlarge/cn-shenzhen-f",
            "spark/spot/ecs.c7.xlarge/cn-shenzhen-f", "spark/on-demand/ecs.c7.xlarge/cn-shenzhen-g", "spark/spot/ecs.nope/cn-shenzhen-f"]);

        var snapshot = CostCalculator.Calculate(nodes, Prices);
        var reversed = CostCalculator.Calculate(nodes.AsEnumerable().Reverse(), Prices);

        snapshot.Groups.Should().Equal(
            new CostGroup("batch", CapacityType.OnDemand, "ecs.c7.xlarge", 1, 0.8, 0.8),
            new CostGroup("spark", CapacityType.OnDemand, "ecs.c7.xlarge", 1, 1.0, 1.0),
            new CostGroup("spark", CapacityType.Spot, "ecs.c7.xlarge", 2, 0.32, 1.6),
            new CostGroup("spark", CapacityType.Spot, "ecs.g7.xlarge", 1, 0.2, 0.2));
        snapshot.Nodes.Should().Equal(
            new NodeCount("batch", CapacityType.OnDemand, 1),
            new NodeCount("spark", CapacityType.OnDemand, 1),
            new NodeCount("spark", CapacityType.Spot, 4));
        snapshot.UnpricedNodes.Should().Equal("node-5");
        reversed.Groups.Should().Equal(snapshot.Groups);
        reversed.Nodes.Should().Equal(snapshot.Nodes);
    }

    [Theory]
    [InlineData(null, null, null, null, "none", CapacityType.OnDemand, null, null)]
    [InlineData("spark", "spot", "ecs.c7.xlarge", "cn-shenzhen-f", "spark", CapacityType.Spot, "ecs.c7.xlarge", "cn-shenzhen-f")]
    [InlineData("", "reserved", "", "", "none", CapacityType.OnDemand, null, null)]
    public void Labels_map_to_cost_nodes(string? pool, string? capacity, string? type, string? zone, string wantPool, CapacityType wantCapacity, string? wantType, string? wantZone)
    {
        var labels = new Dictionary<string, string>();
        foreach (var (key, value) in new[] { (CostNode.NodePoolLabel, pool), (CostNode.CapacityTypeLabel, capacity), (CostNode.InstanceTypeLabel, type), (CostNode.ZoneLabel, zone) })
        {
            if (value is not null)
            {
                labels[key] = value;
            }
        }

        CostNode.FromLabels("n", labels).Should().Be(new CostNode("n", wantPool, wantCapacity, wantType, wantZone));
    }

    [Theory]
    [InlineData(0, 1.0, 3600, 1.0)]
    [InlineData(10, 2.4, 1800, 11.2)]
    [InlineData(5, 3.0, 0, 5)]
    [InlineData(5, 3.0, -60, 5)]
    [InlineData(0, 0, 86400, 0)]
    public void Cumulative_cost_integrates_the_hourly_cost_over_the_elapsed_time(double before, double perHour, int seconds, double after) =>
        new CumulativeCost(before).Advance(perHour, TimeSpan.FromSeconds(seconds)).Total.Should().BeApproximately(after, 1e-9);

    [Fact]
    public void A_negative_hourly_cost_is_refused() =>
        FluentActions.Invoking(() => new CumulativeCost(0).Advance(-1, TimeSpan.FromHours(1))).Should().Throw<ArgumentOutOfRangeException>();

    private static List<CostNode> Parse(string[] nodes) =>
    [
        .. nodes.Select((spec, i) =>
        {
            var parts = spec.Split('/');
            string? Part(int index) => parts[index] == "-" ? null : parts[index];
            return new CostNode($"node-{i}", Part(0) ?? CostNode.NoNodePool, CapacityTypes.FromLabelValue(Part(1)) ?? CapacityType.OnDemand, Part(2), Part(3));
        }),
    ];
}
