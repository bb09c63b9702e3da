using SchedulerExtender.Alibaba.Catalog;
using SchedulerExtender.Alibaba.Tests.Testing;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Alibaba.Tests.Catalog;

public sealed class PriceFileParserTests
{
    private const string TwoRegions = """
        {
          "cn-shenzhen": { "instanceTypePrices": {
            "ecs.g7.xlarge": { "arch": "amd64", "vcpu": 4, "memory": 16, "gpu": 0, "zones": ["cn-shenzhen-c", "cn-shenzhen-d"],
                               "onDemandPricePerHour": 1.0, "spotPricePerHour": { "cn-shenzhen-d": 0.21700000762939453 } } } },
          "cn-hangzhou": { "instanceTypePrices": {
            "ecs.g7.xlarge": { "arch": "amd64", "vcpu": 4, "memory": 16, "gpu": 0, "zones": ["cn-hangzhou-k"],
                               "onDemandPricePerHour": 1.1, "spotPricePerHour": {} } } }
        }
        """;

    [Fact]
    public void Reads_types_offerings_and_the_region_of_each_zone()
    {
        var catalog = PriceFileParser.Parse(TwoRegions);

        catalog.Regions.Should().Equal("cn-shenzhen", "cn-hangzhou");
        catalog.RegionOf("cn-shenzhen-d").Should().Be("cn-shenzhen");
        catalog.RegionOf("cn-hangzhou-k").Should().Be("cn-hangzhou");
        var type = catalog.FindType("cn-shenzhen", "ecs.g7.xlarge")!;
        type.Should().BeEquivalentTo(new { Family = "ecs.g7", Vcpu = 4.0, MemoryGiB = 16.0, Architecture = "amd64" });
        catalog.Find("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.Spot)!.PricePerHour.Should().Be(0.217);
        catalog.Find("ecs.g7.xlarge", "cn-shenzhen-c", CapacityType.Spot).Should().BeNull("zone c has no spot price");
        catalog.Find("ecs.g7.xlarge", "cn-hangzhou-k", CapacityType.OnDemand)!.PricePerHour.Should().Be(1.1);
        catalog.FindType("ecs.g7.xlarge")!.Offerings.Select(o => o.Zone).Distinct().Should().BeEquivalentTo("cn-shenzhen-c", "cn-shenzhen-d", "cn-hangzhou-k");
    }

    [Fact]
    public void A_price_of_zero_is_no_offering_not_a_free_one()
    {
        var catalog = PriceFileParser.Parse("""
            {"cn-x": {"instanceTypePrices": {"ecs.ebm.large": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": ["cn-x-a", "cn-x-b"],
              "onDemandPricePerHour": 0, "spotPricePerHour": {"cn-x-a": 0.5, "cn-x-b": 0}}}}}
            """);

        catalog.Find("ecs.ebm.large", "cn-x-a", CapacityType.OnDemand).Should().BeNull();
        catalog.Find("ecs.ebm.large", "cn-x-b", CapacityType.Spot).Should().BeNull();
        catalog.Find("ecs.ebm.large", "cn-x-a", CapacityType.Spot)!.PricePerHour.Should().Be(0.5);
    }

    [Theory]
    [InlineData("""{"cn-x": {}}""", "Region cn-x")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"ecs.a.large": {"vcpu": 2, "memory": 4, "zones": ["cn-x-a"], "onDemandPricePerHour": 1}}}}""", "Region cn-x, instance type ecs.a.large: 'arch'")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"ecs.a.large": {"arch": "amd64", "vcpu": -2, "memory": 4, "zones": ["cn-x-a"], "onDemandPricePerHour": 1}}}}""", "Region cn-x, instance type ecs.a.large: 'vcpu'")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"ecs.a.large": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": "cn-x-a", "onDemandPricePerHour": 1}}}}""", "'zones'")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"ecs.a.large": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": ["cn-x-a"], "onDemandPricePerHour": 1, "spotPricePerHour": {"cn-x-b": 0.1}}}}}""", "zone cn-x-b, which is not in its 'zones'")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"ecs.a.large": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": ["cn-x-a"], "onDemandPricePerHour": "1"}}}}""", "'onDemandPricePerHour'")]
    [InlineData("""{"cn-x": {"instanceTypePrices": {"t": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": ["z-1"], "onDemandPricePerHour": 1}}}, "cn-y": {"instanceTypePrices": {"t": {"arch": "amd64", "vcpu": 2, "memory": 4, "zones": ["z-1"], "onDemandPricePerHour": 1}}}}""", "zone z-1, which belongs to region cn-x")]
    [InlineData("""[1, 2]""", "object keyed by region")]
    [InlineData("""{"cn-x": """, "not valid JSON")]
    public void Bad_content_is_a_clear_error_naming_the_region_and_type(string json, string expected)
    {
        var act = () => PriceFileParser.Parse(json);
        act.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Loads_the_published_snapshot_when_it_is_beside_the_repository()
    {
        if (SharedData.PriceSnapshot is not { } path)
        {
            return; // ../shared/data is outside the repository; CI and developers have it.
        }

        var catalog = await PriceFileParser.LoadAsync(path, CancellationToken.None);

        catalog.Regions.Should().HaveCountGreaterThanOrEqualTo(28);
        catalog.TypesIn("cn-shenzhen").Should().HaveCount(418);
        catalog.RegionOf("cn-hangzhou-k").Should().Be("cn-hangzhou");
    }

    [Fact]
    public async Task A_missing_file_is_an_IO_error_with_its_path()
    {
        var act = () => PriceFileParser.LoadAsync("/nonexistent/prices.json", CancellationToken.None);
        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain("/nonexistent/prices.json");
    }
}
