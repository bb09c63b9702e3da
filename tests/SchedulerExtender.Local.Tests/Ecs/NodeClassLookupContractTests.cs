using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>DescribeSecurityGroups by tag and IDs, DescribeImages by family and architecture, over HTTP.</summary>
public sealed class NodeClassLookupContractTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Discovery = new() { ["karpenter.sh/discovery"] = "demo-cluster" };
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Security_groups_are_selected_by_tag_and_by_ids()
    {
        _h.Emulator.TagSecurityGroup("sg-emulator-cn-shenzhen", Discovery);
        _h.Emulator.AddSecurityGroup(new("sg-b", "b", "vpc-emulator-cn-shenzhen", "cn-shenzhen", new Dictionary<string, string>()));
        _h.Emulator.AddSecurityGroup(new("sg-c", "c", "vpc-emulator-cn-shenzhen", "cn-shenzhen", new Dictionary<string, string>()));
        var ecs = _h.Client();

        (await ecs.DescribeSecurityGroupsAsync(Discovery, null, default)).Should().ContainSingle()
            .Which.SecurityGroupId.Should().Be("sg-emulator-cn-shenzhen");
        (await ecs.DescribeSecurityGroupsAsync(["sg-b", "sg-c"], null, null, default)).Select(g => g.SecurityGroupId).Should().BeEquivalentTo(["sg-b", "sg-c"]);
        (await ecs.DescribeSecurityGroupsAsync(["sg-b"], Discovery, null, default)).Should().BeEmpty("IDs and tags are ANDed");
        (await ecs.DescribeSecurityGroupsAsync(null, null, null, default)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Images_are_filtered_by_family_and_architecture_with_their_creation_times()
    {
        var ecs = _h.Client();

        var alinux = await ecs.DescribeImagesAsync(null, "system", "acs:alibaba_cloud_linux_3_2104_lts_x64", null, "x86_64", default);
        alinux.Select(i => (i.ImageId, i.CreationTime)).Should().BeEquivalentTo(new[]
        {
            ("m-emulator-alinux3-x64", new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            ("m-emulator-alinux3-x64-2024", new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero)),
        });
        (await ecs.DescribeImagesAsync(null, "system", EcsEmulator.ContainerOsFamily, null, "arm64", default)).Should().BeEmpty("ContainerOS has no arm64 build");
        (await ecs.DescribeImagesAsync(null, "system", null, null, "arm64", default)).Should().ContainSingle().Which.ImageId.Should().Be("m-emulator-alinux3-arm64");
    }
}
