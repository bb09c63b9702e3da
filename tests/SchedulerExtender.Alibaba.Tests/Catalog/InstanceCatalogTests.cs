using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Alibaba.Tests.Catalog;

public sealed class InstanceCatalogTests
{
    private static readonly InstanceCatalog BuiltIn = BuiltInCatalog.Catalog;

    [Fact]
    public void The_built_in_catalogue_covers_common_families_of_2_to_64_vCPU_in_two_regions()
    {
        BuiltIn.Regions.Should().BeEquivalentTo("cn-shenzhen", "cn-hangzhou");
        var all = BuiltIn.Regions.SelectMany(BuiltIn.TypesIn).ToList();
        all.Select(t => t.Name).Distinct().Should().HaveCountGreaterThanOrEqualTo(40);
        all.Should().OnlyContain(t => t.Vcpu >= 2 && t.Vcpu <= 64 && t.MemoryGiB > 0 && t.Architecture == "amd64");
        all.Select(t => t.Family).Distinct().Should().Contain(["ecs.c7", "ecs.g7", "ecs.r7", "ecs.u1-c1m2", "ecs.e-c1m2"]);
        all.Should().OnlyContain(t => t.Offerings.Any(o => o.CapacityType == CapacityType.Spot), "every shipped type has a spot price somewhere");
        all.SelectMany(t => t.Offerings).Where(o => o.CapacityType == CapacityType.Spot)
            .Should().OnlyContain(o => o.PricePerHour > 0 && o.InterruptionRate == SpotInterruption.DefaultRatePerHour);
    }

    [Theory]
    [InlineData("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.OnDemand, 1.0465)]
    [InlineData("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.Spot, 0.199)]
    [InlineData("ecs.c7.large", "cn-hangzhou-i", CapacityType.Spot, 0.078)]
    public void Prices_are_the_published_ones_and_spot_is_cheaper(string type, string zone, CapacityType capacity, double price)
    {
        BuiltIn.Find(type, zone, capacity)!.PricePerHour.Should().Be(price);
        BuiltIn.Find(type, zone, CapacityType.Spot)!.PricePerHour.Should().BeLessThan(BuiltIn.Find(type, zone, CapacityType.OnDemand)!.PricePerHour);
    }

    [Theory]
    [InlineData("cn-shenzhen-a", "cn-shenzhen")]
    [InlineData("cn-hangzhou-k", "cn-hangzhou")]
    [InlineData("cn-hangzhou-zz", null)]
    [InlineData("cn-shenzhen", null)]
    public void A_zone_knows_its_region_from_the_data(string zone, string? region) => BuiltIn.RegionOf(zone).Should().Be(region);

    [Fact]
    public void Types_in_a_region_only_offer_that_regions_zones()
    {
        BuiltIn.TypesIn("cn-hangzhou").SelectMany(t => t.Offerings).Should().OnlyContain(o => BuiltIn.RegionOf(o.Zone) == "cn-hangzhou");
        BuiltIn.ZonesIn("cn-hangzhou").Should().Contain("cn-hangzhou-k").And.NotContain(z => z.StartsWith("cn-shenzhen", StringComparison.Ordinal));
        BuiltIn.TypesIn("eu-nowhere-1").Should().BeEmpty();
    }

    [Fact]
    public void A_measured_interruption_rate_is_kept_and_on_demand_has_none()
    {
        var measured = SpotInterruption.FromThirtyDayReleaseRate(0.15);
        var catalog = new InstanceCatalog([new RegionCatalog("r", [new InstanceType("ecs.x.large", "ecs.x", "amd64", 2, 4, 0,
            [new Offering("r-a", CapacityType.Spot, 0.1, InterruptionRate: measured), new Offering("r-a", CapacityType.OnDemand, 0.5)])])]);

        catalog.Find("ecs.x.large", "r-a", CapacityType.Spot)!.InterruptionRate.Should().Be(measured);
        catalog.Find("ecs.x.large", "r-a", CapacityType.OnDemand)!.InterruptionRate.Should().BeNull();
        measured.Should().BeApproximately(0.15 / 720, 1e-12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Release_rates_outside_0_to_1_are_rejected(double rate)
    {
        var act = () => SpotInterruption.FromThirtyDayReleaseRate(rate);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
