using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>The production client against the emulator over HTTP: regions, zones, types, stock and prices.</summary>
public sealed class EcsCatalogContractTests : IAsyncLifetime
{
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Regions_and_zones_come_from_the_catalogue()
    {
        (await _h.Client().DescribeRegionsAsync(default)).Select(r => r.RegionId).Should().BeEquivalentTo("cn-shenzhen", "cn-hangzhou");
        (await _h.Client("cn-hangzhou").DescribeZonesAsync(default)).Select(z => z.ZoneId).Should().Contain("cn-hangzhou-k").And.HaveCount(8);
    }

    [Fact]
    public async Task Instance_types_are_paged_with_NextToken_and_report_memory_in_GiB()
    {
        var client = _h.Client();
        var first = await client.DescribeInstanceTypesAsync(null, null, 10, default);
        first.Items.Should().HaveCount(10);
        first.NextToken.Should().NotBeNullOrEmpty();

        var all = await client.DescribeAllInstanceTypesAsync(null, default);
        all.Select(t => t.InstanceTypeId).Should().OnlyHaveUniqueItems().And.HaveCount(
            BuiltInCatalog.Catalog.Regions.SelectMany(BuiltInCatalog.Catalog.TypesIn).Select(t => t.Name).Distinct().Count());
        all.Single(t => t.InstanceTypeId == "ecs.r7.2xlarge").Should().BeEquivalentTo(new
        {
            CpuCoreCount = 8, MemoryGiB = 64.0, CpuArchitecture = "X86", InstanceTypeFamily = "ecs.r7",
        });

        var raw = await client.InvokeAsync("DescribeInstanceTypes", [new("InstanceTypes.1", "ecs.g7.xlarge")], default);
        raw.GetProperty("InstanceTypes").GetProperty("InstanceType")[0].GetProperty("MemorySize").GetDouble().Should().Be(16);
    }

    [Fact]
    public async Task Available_resources_follow_stock_per_type_zone_and_capacity_type()
    {
        _h.Emulator.SetStock("ecs.c7.large", "cn-shenzhen-c", CapacityType.Spot, 0);
        var client = _h.Client();

        var spot = await client.DescribeAvailableResourceAsync(SpotStrategy.SpotAsPriceGo, null, "ecs.c7.large", default);
        spot.Should().BeEquivalentTo(new[]
        {
            new ResourceStock("cn-shenzhen-c", "ecs.c7.large", "SoldOut", "WithoutStock"),
            new ResourceStock("cn-shenzhen-d", "ecs.c7.large", "Available", "WithStock"),
            new ResourceStock("cn-shenzhen-e", "ecs.c7.large", "Available", "WithStock"),
            new ResourceStock("cn-shenzhen-f", "ecs.c7.large", "Available", "WithStock"),
        }, "zones a and b sell no spot");
        var onDemand = await client.DescribeAvailableResourceAsync(SpotStrategy.NoSpot, "cn-shenzhen-c", "ecs.c7.large", default);
        onDemand.Should().ContainSingle().Which.Available.Should().BeTrue();
    }

    [Fact]
    public async Task Spot_price_history_and_DescribePrice_use_catalogue_prices_and_overrides()
    {
        var client = _h.Client();
        var history = await client.DescribeSpotPriceHistoryAsync("ecs.g7.xlarge", null, null, default);
        history.Should().HaveCount(4).And.OnlyContain(p => p.SpotPrice == 0.199 && p.OriginPrice == 1.0465 && p.Timestamp == _h.Time.GetUtcNow());

        _h.Emulator.SetSpotPrice("ecs.g7.xlarge", "cn-shenzhen-e", 0.25);
        (await client.DescribeSpotPriceHistoryAsync("ecs.g7.xlarge", "cn-shenzhen-e", null, default)).Single().SpotPrice.Should().Be(0.25);
        (await client.DescribePriceAsync("ecs.g7.xlarge", "cn-shenzhen-e", SpotStrategy.SpotAsPriceGo, default)).TradePrice.Should().Be(0.25);
        var onDemand = await client.DescribePriceAsync("ecs.g7.xlarge", null, SpotStrategy.NoSpot, default);
        onDemand.Should().Be(new PriceQuote(1.0465, 0, 1.0465, "CNY"));
    }

    [Fact]
    public async Task Network_resources_are_listed_and_filtered()
    {
        _h.Emulator.AddSecurityGroup(new("sg-tagged", "spark", "vpc-emulator-cn-shenzhen", "cn-shenzhen", new Dictionary<string, string> { ["karpenter.sh/discovery"] = "demo-cluster" }));
        var client = _h.Client();

        (await client.DescribeVSwitchesAsync(null, null, default)).Should().HaveCount(6, "the emulator seeds one vSwitch per zone");
        (await client.DescribeVSwitchesAsync(null, "cn-shenzhen-f", default)).Should().ContainSingle().Which.VSwitchId.Should().Be("vsw-cn-shenzhen-f");
        var groups = await client.DescribeSecurityGroupsAsync(new Dictionary<string, string> { ["karpenter.sh/discovery"] = "demo-cluster" }, null, default);
        groups.Should().ContainSingle().Which.Tags.Should().ContainKey("karpenter.sh/discovery");
        (await client.DescribeImagesAsync(null, "system", EcsEmulator.ContainerOsFamily, null, default)).Should().HaveCount(2)
            .And.OnlyContain(i => i.Architecture == "x86_64");
        (await client.DescribeImagesAsync("m-none", null, null, null, default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Security_groups_and_images_are_read_across_pages()
    {
        for (var i = 0; i < 60; i++)
        {
            _h.Emulator.AddSecurityGroup(new($"sg-{i:D2}", $"g{i}", "vpc-emulator-cn-shenzhen", "cn-shenzhen", new Dictionary<string, string> { ["n"] = $"{i}" }));
        }

        var groups = await _h.Client().DescribeSecurityGroupsAsync(null, null, default);

        groups.Should().HaveCount(61, "the seeded default group and 60 more, over two pages of 50");
        groups.Select(g => g.SecurityGroupId).Should().OnlyHaveUniqueItems();
        _h.Emulator.CountOf("DescribeSecurityGroups").Should().Be(2);
    }
}
