using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>The VPC client against the emulator's VPC API over HTTP: tag filters, free IPs, paging, dispatch by Version.</summary>
public sealed class VpcContractTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Discovery = new() { ["karpenter.sh/discovery"] = "demo-cluster" };
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task DescribeVSwitches_filters_by_tag_and_returns_tags_and_free_ips()
    {
        _h.Emulator.TagVSwitch("vsw-cn-shenzhen-d", Discovery);
        _h.Emulator.TagVSwitch("vsw-cn-shenzhen-e", new Dictionary<string, string>(Discovery) { ["tier"] = "spark" });
        _h.Emulator.AddVSwitch(new EmulatedVSwitch("vsw-other", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-d", "10.1.0.0/16", 123)
        {
            Tags = new Dictionary<string, string> { ["karpenter.sh/discovery"] = "other-cluster" },
        });
        var vpc = _h.VpcClient();

        var tagged = await vpc.DescribeVSwitchesAsync(Discovery, null, null, null, default);

        tagged.Select(v => v.VSwitchId).Should().BeEquivalentTo(["vsw-cn-shenzhen-d", "vsw-cn-shenzhen-e"]);
        tagged.Single(v => v.VSwitchId == "vsw-cn-shenzhen-e").Tags.Should().Contain("tier", "spark").And.Contain("karpenter.sh/discovery", "demo-cluster");
        tagged.Should().OnlyContain(v => v.AvailableIpAddressCount == 4000 && v.Status == "Available" && v.ZoneId.Length > 0);
        (await vpc.DescribeVSwitchesAsync(new Dictionary<string, string> { ["karpenter.sh/discovery"] = "" }, null, null, null, default))
            .Should().HaveCount(3, "an empty tag value matches any value");
        (await vpc.DescribeVSwitchesAsync(null, null, "cn-shenzhen-d", null, default)).Select(v => v.VSwitchId).Should().BeEquivalentTo(["vsw-cn-shenzhen-d", "vsw-other"]);
        (await vpc.DescribeVSwitchesAsync(null, null, null, "vsw-other", default)).Should().ContainSingle().Which.AvailableIpAddressCount.Should().Be(123);
    }

    [Fact]
    public async Task The_ECS_DescribeVSwitches_of_the_same_name_still_ignores_tags()
    {
        _h.Emulator.TagVSwitch("vsw-cn-shenzhen-d", Discovery);

        // Same action name, ECS version: the emulator answers as ECS does (no tag filter), so six.
        (await _h.Client().DescribeVSwitchesAsync(null, null, default)).Should().HaveCount(6);
        (await _h.VpcClient().DescribeVSwitchesAsync(Discovery, null, null, null, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task Tagged_vSwitches_are_read_across_pages_of_fifty()
    {
        for (var i = 0; i < 60; i++)
        {
            _h.Emulator.AddVSwitch(new EmulatedVSwitch($"vsw-x{i:D2}", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-a", "10.2.0.0/16", i) { Tags = Discovery });
        }

        var all = await _h.VpcClient().DescribeVSwitchesAsync(Discovery, null, null, null, default);

        all.Should().HaveCount(60);
        all.Select(v => v.VSwitchId).Should().OnlyHaveUniqueItems();
        _h.Emulator.CountOf("DescribeVSwitches").Should().Be(2);
    }

    [Fact]
    public void An_ECS_only_action_under_the_VPC_version_is_not_found()
    {
        // The emulator dispatches on the signed Version: RunInstances does not exist in VPC 2016-04-28.
        var response = _h.Emulator.Handle(Signed("RunInstances", EcsEmulator.VpcApiVersion));
        response.ErrorCode.Should().Be("InvalidAction.NotFound");
        _h.Emulator.Handle(Signed("DescribeVSwitches", EcsEmulator.VpcApiVersion)).ErrorCode.Should().BeNull();
    }

    [Fact]
    public void Tagging_an_unknown_resource_is_a_clear_error()
    {
        var act = () => _h.Emulator.TagVSwitch("vsw-nope", Discovery);
        act.Should().Throw<ArgumentException>().WithMessage("*vsw-nope*");
        var act2 = () => _h.Emulator.TagSecurityGroup("sg-nope", Discovery);
        act2.Should().Throw<ArgumentException>().WithMessage("*sg-nope*");
    }

    private static EcsEmulatorRequest Signed(string action, string version)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Action", action), new("RegionId", "cn-shenzhen"), new("Format", "JSON"), new("Version", version),
            new("AccessKeyId", "emulator"), new("SignatureMethod", "HMAC-SHA1"), new("SignatureVersion", "1.0"),
            new("SignatureNonce", Guid.NewGuid().ToString("N")), new("Timestamp", "2026-03-01T08:00:00Z"),
        };
        parameters.Add(new("Signature", Alibaba.Signing.OpenApiSignature.Sign("POST", parameters, "emulator-secret")));
        return new EcsEmulatorRequest("POST", parameters);
    }
}
