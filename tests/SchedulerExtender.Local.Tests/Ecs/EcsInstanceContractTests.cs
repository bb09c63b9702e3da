using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>The production client against the emulator over HTTP: launch, describe, delete, states, reclaim.</summary>
public sealed class EcsInstanceContractTests : IAsyncLifetime
{
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_launched_instance_is_described_with_documented_fields_and_memory_in_MiB()
    {
        var client = _h.Client();
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("t-1"), default);

        var instance = (await client.DescribeInstancesAsync(new DescribeInstancesQuery(InstanceIds: [id]), default)).Items.Single();
        instance.Should().BeEquivalentTo(new
        {
            InstanceId = id, InstanceType = "ecs.g7.xlarge", RegionId = "cn-shenzhen", ZoneId = "cn-shenzhen-d", Status = "Pending",
            SpotStrategy = "SpotAsPriceGo", Cpu = 4, MemoryMiB = 16384, ImageId = EcsEmulator.DefaultImageId, VSwitchId = "vsw-cn-shenzhen-d",
            SecurityGroupIds = new[] { "sg-emulator-cn-shenzhen" }, Tags = new Dictionary<string, string> { ["team"] = "spark" },
            LockReasons = Array.Empty<string>(),
        });
        instance.CreationTime.Should().Be(_h.Time.GetUtcNow(), "CreationTime is written to the minute and the clock is on the hour");
        var raw = await client.InvokeAsync("DescribeInstances", [new("RegionId", "cn-shenzhen")], default);
        raw.GetProperty("Instances").GetProperty("Instance")[0].GetProperty("Memory").GetInt32().Should().Be(16384);
    }

    [Fact]
    public async Task The_same_ClientToken_twice_launches_one_instance()
    {
        var client = _h.Client();
        var first = await client.RunInstanceAsync(EmulatorHarness.Launch("same"), default);
        var second = await client.RunInstanceAsync(EmulatorHarness.Launch("same"), default);

        second.Should().Be(first);
        _h.Emulator.ListInstances().Should().ContainSingle();
        var reuse = () => client.RunInstanceAsync(EmulatorHarness.Launch("same", zone: "cn-shenzhen-e"), default);
        (await reuse.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.IdempotencyConflict);
    }

    [Fact]
    public async Task The_launch_history_keeps_every_instance_once_with_its_ClientToken_after_release()
    {
        var client = _h.Client();
        var first = await client.RunInstanceAsync(EmulatorHarness.Launch("history-a"), default);
        await client.RunInstanceAsync(EmulatorHarness.Launch("history-a"), default);
        var second = await client.RunInstanceAsync(EmulatorHarness.Launch("history-b"), default);
        await client.DeleteInstancesAsync([first], default);

        _h.Emulator.ListInstances().Select(i => i.InstanceId).Should().Equal(second);
        _h.Emulator.LaunchHistory().Select(i => (i.InstanceId, i.ClientToken)).Should().Equal((first, "history-a"), (second, "history-b"));
    }

    [Fact]
    public async Task Instances_are_filtered_by_tags_and_ids_and_paged()
    {
        var client = _h.Client();
        var ours = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ours.Add(await client.RunInstanceAsync(EmulatorHarness.Launch($"ours-{i}", tags: new Dictionary<string, string> { ["owner"] = "us", ["n"] = $"{i}" }), default));
        }

        await client.RunInstanceAsync(EmulatorHarness.Launch("theirs", tags: new Dictionary<string, string> { ["owner"] = "them" }), default);
        var byTag = new DescribeInstancesQuery(Tags: new Dictionary<string, string> { ["owner"] = "us" }, PageSize: 2);

        var page2 = await client.DescribeInstancesAsync(byTag with { PageNumber = 2 }, default);
        page2.TotalCount.Should().Be(5);
        page2.Items.Select(i => i.InstanceId).Should().Equal(ours[2], ours[3]);
        (await client.DescribeAllInstancesAsync(byTag, default)).Select(i => i.InstanceId).Should().Equal(ours);
        (await client.DescribeAllInstancesAsync(new DescribeInstancesQuery(InstanceIds: [ours[1], ours[4]]), default))
            .Select(i => i.Tags["n"]).Should().Equal("1", "4");
        (await _h.Client("cn-hangzhou").DescribeAllInstancesAsync(new DescribeInstancesQuery(), default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Stock_runs_out_per_offering_and_unsold_offerings_are_no_stock()
    {
        _h.Emulator.SetStock("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.Spot, 1);
        var client = _h.Client();
        await client.RunInstanceAsync(EmulatorHarness.Launch("a"), default);

        var soldOut = () => client.RunInstanceAsync(EmulatorHarness.Launch("b"), default);
        (await soldOut.Should().ThrowAsync<EcsApiException>()).Which.Code.Should().Be("OperationDenied.NoStock");
        (await client.RunInstanceAsync(EmulatorHarness.Launch("c", strategy: SpotStrategy.NoSpot), default)).Should().NotBeEmpty("on-demand stock is separate");
        var noSpotInZoneA = () => client.RunInstanceAsync(EmulatorHarness.Launch("d", zone: "cn-shenzhen-a"), default);
        (await noSpotInZoneA.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.NoStock);
        var unknownType = () => client.RunInstanceAsync(EmulatorHarness.Launch("e", type: "ecs.nope.large"), default);
        (await unknownType.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.NoStock);
        _h.Emulator.StockOf("ecs.g7.xlarge", "cn-shenzhen-d", CapacityType.Spot).Should().Be(0);
    }

    [Fact]
    public async Task Instances_go_from_Pending_to_Starting_to_Running_on_the_emulator_clock()
    {
        var client = _h.Client();
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("s"), default);
        async Task<string> Status() => (await client.DescribeInstancesAsync(new DescribeInstancesQuery(InstanceIds: [id]), default)).Items.Single().Status;

        (await Status()).Should().Be("Pending");
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        (await Status()).Should().Be("Starting");
        _h.Time.Advance(TimeSpan.FromSeconds(20));
        (await Status()).Should().Be("Running");
    }

    [Fact]
    public async Task A_reclaimed_spot_instance_is_locked_for_Recycling_then_released_after_the_notice()
    {
        var client = _h.Client();
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("r"), default);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        _h.Emulator.ReclaimInstance(id);
        (await client.DescribeAllInstancesAsync(new DescribeInstancesQuery(InstanceIds: [id]), default)).Single().LockReasons.Should().Equal("Recycling");
        _h.Time.Advance(TimeSpan.FromMinutes(4));
        (await client.DescribeAllInstancesAsync(new DescribeInstancesQuery(InstanceIds: [id]), default)).Should().ContainSingle();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        (await client.DescribeAllInstancesAsync(new DescribeInstancesQuery(InstanceIds: [id]), default)).Should().BeEmpty();

        var onDemand = await client.RunInstanceAsync(EmulatorHarness.Launch("od", strategy: SpotStrategy.NoSpot), default);
        var act = () => _h.Emulator.ReclaimInstance(onDemand);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Each_instance_takes_an_address_of_its_vSwitch_and_a_full_vSwitch_refuses_launches_until_one_is_released()
    {
        _h.Emulator.AddVSwitch(new EmulatedVSwitch("vsw-d-tiny", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-d", "10.9.0.0/29", 1));
        var client = _h.Client();
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("a") with { VSwitchId = "vsw-d-tiny" }, default);

        (await client.DescribeVSwitchesAsync(null, "cn-shenzhen-d", default)).Single(v => v.VSwitchId == "vsw-d-tiny").AvailableIpAddressCount.Should().Be(0);
        var full = () => client.RunInstanceAsync(EmulatorHarness.Launch("b") with { VSwitchId = "vsw-d-tiny" }, default);
        var error = (await full.Should().ThrowAsync<EcsApiException>()).Which;
        error.Code.Should().Be("InvalidVSwitchId.IpNotEnough");
        error.Kind.Should().Be(EcsErrorKind.NoStock);

        await client.DeleteInstancesAsync([id], default);
        (await client.RunInstanceAsync(EmulatorHarness.Launch("c") with { VSwitchId = "vsw-d-tiny" }, default)).Should().NotBeEmpty("the released instance's address is free again");
    }

    [Fact]
    public async Task Deleting_releases_and_deleting_again_is_not_found()
    {
        var client = _h.Client();
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("del"), default);
        await client.DeleteInstancesAsync([id], default);

        _h.Emulator.ListInstances().Should().BeEmpty();
        var again = () => client.DeleteInstancesAsync([id], default);
        (await again.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.NotFound);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_instance_ids()
    {
        await using var other = await EmulatorHarness.StartAsync(seed: 1);
        var ids = new[] { await _h.Client().RunInstanceAsync(EmulatorHarness.Launch("x"), default), await _h.Client().RunInstanceAsync(EmulatorHarness.Launch("y"), default) };
        var replay = new[] { await other.Client().RunInstanceAsync(EmulatorHarness.Launch("x"), default), await other.Client().RunInstanceAsync(EmulatorHarness.Launch("y"), default) };
        replay.Should().Equal(ids);
    }
}
