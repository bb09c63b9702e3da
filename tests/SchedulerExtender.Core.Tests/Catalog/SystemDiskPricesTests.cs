using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Catalog;

public sealed class SystemDiskPricesTests
{
    [Theory]
    [InlineData("cloud_auto", "PL0", 1.0)]
    [InlineData("cloud_auto", "PL3", 1.0)]
    [InlineData("cloud_essd", "PL0", 0.5)]
    [InlineData("cloud_essd", "PL1", 1.0)]
    [InlineData("cloud_essd", "PL2", 2.0)]
    [InlineData("cloud_essd", "PL3", 4.0)]
    [InlineData("cloud_essd_entry", "PL0", 0.5)]
    [InlineData("cloud_ssd", "PL0", 1.0)]
    [InlineData("cloud_efficiency", "PL0", 0.35)]
    [InlineData("cloud", "PL0", 0.35)]
    [InlineData("cloud_future", "PL0", 1.0)]
    public void Prices_a_GiB_hour_from_the_monthly_list_price(string category, string level, double perGiBMonth) =>
        SystemDiskPrices.PerGiBHour(category, level).Should().BeApproximately(perGiBMonth / 730, 1e-12);

    [Fact]
    public void Essd_levels_get_dearer_and_an_unknown_category_is_never_the_cheapest()
    {
        var levels = new[] { "PL0", "PL1", "PL2", "PL3" }.Select(l => SystemDiskPrices.PerGiBHour("cloud_essd", l)).ToList();
        levels.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var unknown = SystemDiskPrices.PerGiBHour("cloud_future", null);
        foreach (var category in new[] { "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_essd_entry", "cloud_auto" })
        {
            unknown.Should().BeGreaterThanOrEqualTo(SystemDiskPrices.PerGiBHour(category, "PL0"), category);
        }
    }

    [Fact]
    public void A_node_pays_its_first_category_at_its_size_defaulting_to_20_GiB()
    {
        SystemDiskPrices.PerNodeHour(null).Should().Be(0);
        SystemDiskPrices.PerNodeHour(new SystemDisk(["cloud_auto"], "PL0", 20)).Should().BeApproximately(20 * 1.0 / 730, 1e-12);
        SystemDiskPrices.PerNodeHour(new SystemDisk(["cloud_essd", "cloud_auto"], "PL0", 40)).Should().BeApproximately(40 * 0.5 / 730, 1e-12);
        SystemDiskPrices.PerNodeHour(new SystemDisk(["cloud_efficiency"], "PL0", null)).Should().BeApproximately(20 * 0.35 / 730, 1e-12);
    }

    [Fact]
    public void Solver_options_take_the_node_cost_from_the_node_class()
    {
        var disk = new SystemDisk(["cloud_ssd"], "PL0", 100);
        var nodeClass = new EcsNodeClass("defaultnodeclass", [], [], [], disk, new Dictionary<string, string>(), null);

        SolverOptions.Default.WithNodeClass(nodeClass).NodeCostPerHour.Should().Be(SystemDiskPrices.PerNodeHour(disk)).And.BeGreaterThan(0);
        SolverOptions.Default.WithNodeClass(nodeClass with { SystemDisk = null }).NodeCostPerHour.Should().Be(0);
        SolverOptions.Default.WithNodeClass(null).NodeCostPerHour.Should().Be(0);
        SolverOptions.Default.NodeCostPerHour.Should().Be(0);
    }
}
