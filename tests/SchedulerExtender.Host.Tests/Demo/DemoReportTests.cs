using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Host.Demo;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Tests.Demo;

/// <summary>The summary's cost: instance-hours × the offering's price, beside the same hours at the on-demand price.</summary>
public sealed class DemoReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Built-in catalogue, cn-shenzhen: ecs.c7.large on-demand 0.407698/h, spot in zone c 0.078/h.
    [Theory]
    [InlineData(CapacityType.Spot, 2.0, null, 2 * 0.078, 2 * 0.407698)]
    [InlineData(CapacityType.OnDemand, 1.5, null, 1.5 * 0.407698, 1.5 * 0.407698)]
    [InlineData(CapacityType.Spot, 3.0, 0.5, 0.5 * 0.078, 0.5 * 0.407698)]
    public void Costs_the_hours_until_release_or_now(CapacityType capacity, double hoursUntilNow, double? releasedAfterHours, double cost, double onDemand)
    {
        var instance = new LaunchedInstance("i-1", "ecs.c7.large", capacity, "cn-shenzhen-c", Start, "node-1",
            releasedAfterHours is { } h ? Start.AddHours(h) : null);

        var report = DemoReport.Create(App([]), [instance], BuiltInCatalog.Catalog, nodesGone: true, Start.AddHours(hoursUntilNow));

        report.Cost.Should().BeApproximately(cost, 1e-9);
        report.OnDemandCost.Should().BeApproximately(onDemand, 1e-9);
    }

    [Fact]
    public void Sums_instances_and_names_where_each_pod_ran()
    {
        var spot = new LaunchedInstance("i-1", "ecs.c7.large", CapacityType.Spot, "cn-shenzhen-c", Start, "node-spot", null);
        var onDemand = new LaunchedInstance("i-2", "ecs.c7.large", CapacityType.OnDemand, "cn-shenzhen-a", Start, "node-od", null);
        var app = App([new SparkPodPlacement("pi-driver", "driver", "node-od"), new SparkPodPlacement("pi-exec-1", "executor", "node-spot")]);

        var report = DemoReport.Create(app, [spot, onDemand], BuiltInCatalog.Catalog, nodesGone: false, Start.AddHours(1));

        report.Cost.Should().BeApproximately(0.078 + 0.407698, 1e-9);
        report.OnDemandCost.Should().BeApproximately(2 * 0.407698, 1e-9);
        report.InstanceOf(app.Placements[0]).Should().Be(onDemand);
        report.InstanceOf(app.Placements[1]).Should().Be(spot);
        report.Lines().Should().Contain(l => l.Contains("pi-exec-1", StringComparison.Ordinal) && l.Contains("spot, cn-shenzhen-c", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("consolidation did not remove them", StringComparison.Ordinal));
    }

    private static SparkApplicationSnapshot App(IReadOnlyList<SparkPodPlacement> placements) =>
        new("spark-1", "spark-pi", "default", SparkApplicationState.Succeeded, "node-od", 0, 20, 1200, 1200, 0, 0, 0, Start, Start, Start, null, placements);
}
