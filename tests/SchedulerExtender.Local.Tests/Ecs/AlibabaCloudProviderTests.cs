using System.Text;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary><see cref="SchedulerExtender.Alibaba.Provider.AlibabaCloudProvider"/> against the emulator.</summary>
public sealed class AlibabaCloudProviderTests : IAsyncLifetime
{
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Create_launches_the_cheapest_offering_tagged_and_lifecycle_calls_follow()
    {
        var (provider, _, _) = ProviderHarness.Create(_h);
        var created = await provider.CreateAsync(ProviderHarness.Request("claim-1"), default);

        created.ProviderId.Should().Be("cn-shenzhen." + created.InstanceId);
        created.Should().BeEquivalentTo(new { InstanceType = "ecs.g7.xlarge", Zone = "cn-shenzhen-c", CapacityType = CapacityType.Spot, NodeClaim = "claim-1" });
        var emulated = _h.Emulator.ListInstances().Single();
        emulated.Tags.Should().Contain(new Dictionary<string, string>
        {
            [InstanceTags.ManagedBy] = "schedext", [InstanceTags.Cluster] = ProviderHarness.ClusterId,
            [InstanceTags.NodePool] = "ecsnodepool", [InstanceTags.NodeClaim] = "claim-1", ["team"] = "spark",
        });
        Encoding.UTF8.GetString(Convert.FromBase64String(emulated.UserData)).Should().Contain("karpenter.sh/capacity-type=spot");

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        (await provider.GetAsync(created.InstanceId, default)).State.Should().Be(CloudInstanceState.Running);
        (await provider.ListAsync(default)).Select(i => i.InstanceId).Should().Equal(created.InstanceId);

        await provider.DeleteAsync(created.InstanceId, default);
        await provider.DeleteAsync(created.InstanceId, default); // already gone is success
        var get = () => provider.GetAsync(created.InstanceId, default);
        (await get.Should().ThrowAsync<InstanceNotFoundException>()).Which.InstanceId.Should().Be(created.InstanceId);
    }

    [Fact]
    public async Task Creating_again_for_the_same_claim_returns_the_existing_instance()
    {
        var (provider, _, _) = ProviderHarness.Create(_h);
        var first = await provider.CreateAsync(ProviderHarness.Request("claim-2"), default);
        var second = await provider.CreateAsync(ProviderHarness.Request("claim-2", CapacityType.OnDemand), default);

        second.InstanceId.Should().Be(first.InstanceId);
        _h.Emulator.ListInstances().Should().ContainSingle();
    }

    [Fact]
    public async Task No_stock_moves_on_to_the_next_offering_and_then_the_next_type()
    {
        foreach (var zone in new[] { "cn-shenzhen-c", "cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f" })
        {
            _h.Emulator.SetStock("ecs.g7.xlarge", zone, CapacityType.Spot, 0);
        }

        _h.Emulator.SetStock("ecs.c7.2xlarge", "cn-shenzhen-c", CapacityType.Spot, 0);
        var (provider, _, _) = ProviderHarness.Create(_h);

        var created = await provider.CreateAsync(ProviderHarness.Request("claim-3"), default);

        created.Should().BeEquivalentTo(new { InstanceType = "ecs.c7.2xlarge", Zone = "cn-shenzhen-d" });
        _h.Emulator.CountOf("RunInstances").Should().Be(6);
    }

    [Fact]
    public async Task A_vSwitch_without_free_addresses_is_tried_once_and_its_zone_skipped_for_the_other_types()
    {
        // Zone c is the cheapest for both candidate types, and its vSwitch has no address left;
        // the first type has no stock anywhere else.
        _h.Emulator.AddVSwitch(new EmulatedVSwitch("vsw-c-full", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-c", "10.9.0.0/29", 0));
        foreach (var zone in new[] { "cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f" })
        {
            _h.Emulator.SetStock("ecs.g7.xlarge", zone, CapacityType.Spot, 0);
        }

        var (provider, _, _) = ProviderHarness.Create(_h);
        var request = ProviderHarness.Request("claim-ip");
        request = request with { VSwitches = [.. request.VSwitches.Select(v => v.Zone == "cn-shenzhen-c" ? v with { VSwitchId = "vsw-c-full" } : v)] };

        var created = await provider.CreateAsync(request, default);

        created.Should().BeEquivalentTo(new { InstanceType = "ecs.c7.2xlarge", Zone = "cn-shenzhen-d" });
        _h.Emulator.CountOf("RunInstances").Should().Be(5, "g7 in c (no address), d, e and f (no stock), then c7 in d: c7 is not tried in c");
    }

    [Fact]
    public async Task When_every_offering_is_out_of_stock_the_error_lists_them()
    {
        var (provider, _, _) = ProviderHarness.Create(_h);
        foreach (var zone in BuiltInCatalog.Catalog.ZonesIn("cn-shenzhen"))
        {
            _h.Emulator.SetStock("ecs.r7.large", zone, CapacityType.OnDemand, 0);
        }

        var act = () => provider.CreateAsync(ProviderHarness.Request("claim-4", CapacityType.OnDemand, "ecs.r7.large"), default);

        var error = (await act.Should().ThrowAsync<InsufficientCapacityException>()).Which;
        error.Offerings.Should().HaveCount(6).And.OnlyContain(o => o.InstanceType == "ecs.r7.large" && o.CapacityType == CapacityType.OnDemand);
        _h.Emulator.ListInstances().Should().BeEmpty();
    }

    [Fact]
    public async Task Only_this_clusters_instances_are_listed_and_reclaims_are_flagged()
    {
        var (provider, _, client) = ProviderHarness.Create(_h);
        await client.RunInstanceAsync(EmulatorHarness.Launch("foreign"), default);
        var ours = await provider.CreateAsync(ProviderHarness.Request("claim-5"), default);

        _h.Emulator.ReclaimInstance(ours.InstanceId);

        var listed = await provider.ListAsync(default);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ours.InstanceId, ReclaimPending = true });
    }

    [Fact]
    public async Task Instance_types_and_prices_follow_refreshes_and_survive_failed_ones()
    {
        var (provider, prices, _) = ProviderHarness.Create(_h);
        (await provider.GetInstanceTypesAsync(default)).Should().HaveCount(BuiltInCatalog.Catalog.TypesIn("cn-shenzhen").Count);

        _h.Emulator.SetSpotPrice("ecs.g7.xlarge", "cn-shenzhen-e", 0.3);
        _h.Emulator.SetStock("ecs.g7.xlarge", "cn-shenzhen-f", CapacityType.Spot, 0);
        var version = prices.Version;
        prices.Version.Should().BeSameAs(version, "between refreshes the prices, and so the version, stay the same");
        (await prices.RefreshAsync(default)).Should().Be(BuiltInCatalog.Catalog.TypesIn("cn-shenzhen").Count);
        prices.Version.Should().NotBeSameAs(version, "what was remembered of the old prices must be looked up again");
        prices.Find("ecs.g7.xlarge", "cn-shenzhen-e", CapacityType.Spot)!.PricePerHour.Should().Be(0.3);
        prices.Find("ecs.g7.xlarge", "cn-shenzhen-f", CapacityType.Spot)!.Available.Should().BeFalse();
        prices.Find("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.Spot)!.Available.Should().BeTrue();
        prices.Find("ecs.c7.large", "cn-hangzhou-k", CapacityType.Spot)!.PricePerHour.Should().Be(0.078, "other regions keep the catalogue");

        _h.Emulator.SetSpotPrice("ecs.g7.xlarge", "cn-shenzhen-e", 0.5);
        _h.Emulator.Faults = new Local.Ecs.EcsEmulatorFaults { ThrottleRate = 1 };
        (await prices.RefreshAsync(default)).Should().Be(0);
        prices.Find("ecs.g7.xlarge", "cn-shenzhen-e", CapacityType.Spot)!.PricePerHour.Should().Be(0.3, "the last good price is kept");
        prices.Find("ecs.g7.xlarge", "cn-shenzhen-f", CapacityType.Spot)!.Available.Should().BeFalse("the last known stock is kept");
    }

    [Fact]
    public async Task Prices_are_refreshed_periodically_on_the_given_clock()
    {
        var (_, prices, _) = ProviderHarness.Create(_h);
        using var stop = new CancellationTokenSource();
        var loop = prices.RunAsync(TimeSpan.FromMinutes(5), stop.Token);
        await WaitUntil(() => prices.LastRefresh is not null);

        _h.Emulator.SetSpotPrice("ecs.r7.large", "cn-shenzhen-c", 0.42);
        prices.Find("ecs.r7.large", "cn-shenzhen-c", CapacityType.Spot)!.PricePerHour.Should().NotBe(0.42);
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntil(() => prices.Find("ecs.r7.large", "cn-shenzhen-c", CapacityType.Spot)!.PricePerHour == 0.42);

        await stop.CancelAsync();
        await FluentActions.Awaiting(() => loop).Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue();
    }
}
