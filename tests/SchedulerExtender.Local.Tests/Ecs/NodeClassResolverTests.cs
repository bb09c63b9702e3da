using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.NodeClass;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>The resolver end to end against the emulator, with the article's ECSNodeClass selectors.</summary>
public sealed class NodeClassResolverTests
{
    private static readonly Dictionary<string, string> Discovery = new() { ["karpenter.sh/discovery"] = "demo-cluster" };

    /// <summary>The article's nodeclass.yaml: vSwitches and security groups by discovery tag, image alias ContainerOS.</summary>
    private static readonly NodeClassSelectors Article = new(
        [SelectorTerm.ByTags(Discovery)],
        [SelectorTerm.ByTags(Discovery)],
        [ImageSelectorTerm.ByAlias("ContainerOS")]);

    private static NodeClassResolver Resolver(EmulatorHarness h, int maxAttempts = 4) =>
        new(h.Client(maxAttempts: maxAttempts), h.VpcClient(maxAttempts: maxAttempts), new NodeClassResolverOptions
        {
            Ttl = TimeSpan.FromMinutes(5),
            RetryAfterError = TimeSpan.FromSeconds(30),
        }, h.Time, h.Logs.For<NodeClassResolver>());

    [Fact]
    public async Task The_articles_node_class_resolves_and_launches()
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);

        var resolved = await Resolver(h).ResolveAsync(Article, default);

        resolved.VSwitchChoices.Should().BeEquivalentTo(BuiltInCatalog.Catalog.ZonesIn("cn-shenzhen").Select(z => new Core.Provisioning.VSwitchChoice($"vsw-{z}", z)));
        resolved.SecurityGroupIds.Should().Equal("sg-emulator-cn-shenzhen");
        resolved.ImageIdByArchitecture.Should().Equal(new Dictionary<string, string> { ["amd64"] = EcsEmulator.DefaultImageId },
            "the newest ContainerOS image wins, and ContainerOS has no arm64 build");

        var (provider, _, _) = ProviderHarness.Create(h);
        var request = ProviderHarness.Request("claim-article") with { VSwitches = [], SecurityGroupIds = [], ImageId = "" };
        var instance = await provider.CreateAsync(resolved.ApplyTo(request, "amd64"), default);
        h.Emulator.ListInstances().Should().ContainSingle(i => i.InstanceId == instance.InstanceId)
            .Which.Should().Match<EmulatedInstance>(i => i.ImageId == EcsEmulator.DefaultImageId && i.SecurityGroupId == "sg-emulator-cn-shenzhen");
        var arm = () => resolved.ApplyTo(request, "arm64");
        arm.Should().Throw<NodeClassResolutionException>().Which.Failure.Should().Be(NodeClassResolutionFailure.NoImage);
    }

    [Fact]
    public async Task Per_zone_the_vSwitch_with_the_most_free_ips_is_chosen_and_full_ones_are_skipped()
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);
        h.Emulator.AddVSwitch(new EmulatedVSwitch("vsw-d-big", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-d", "10.3.0.0/16", 9000) { Tags = Discovery });
        h.Emulator.AddVSwitch(new EmulatedVSwitch("vsw-z-full", "vpc-emulator-cn-shenzhen", "cn-shenzhen", "cn-shenzhen-z", "10.4.0.0/16", 0) { Tags = Discovery });

        var resolved = await Resolver(h).ResolveAsync(Article, default);

        resolved.VSwitches.Should().HaveCount(6).And.ContainSingle(v => v.Zone == "cn-shenzhen-d")
            .Which.Should().Be(new ResolvedVSwitch("vsw-d-big", "cn-shenzhen-d", "vpc-emulator-cn-shenzhen", 9000));
        resolved.VSwitches.Should().NotContain(v => v.Zone == "cn-shenzhen-z");
    }

    [Fact]
    public async Task AlibabaCloudLinux3_resolves_the_newest_image_per_architecture_and_id_terms_are_honoured()
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);
        var selectors = new NodeClassSelectors(
            [SelectorTerm.ById("vsw-cn-shenzhen-a"), SelectorTerm.ById("vsw-cn-shenzhen-b")],
            [SelectorTerm.ById("sg-emulator-cn-shenzhen")],
            [ImageSelectorTerm.ByAlias("alibabacloudlinux3")]);

        var resolved = await Resolver(h).ResolveAsync(selectors, default);

        resolved.VSwitchChoices.Select(v => v.VSwitchId).Should().Equal("vsw-cn-shenzhen-a", "vsw-cn-shenzhen-b");
        resolved.SecurityGroupIds.Should().Equal("sg-emulator-cn-shenzhen");
        resolved.ImageIdByArchitecture.Should().Equal(new Dictionary<string, string>
        {
            ["amd64"] = "m-emulator-alinux3-x64",
            ["arm64"] = "m-emulator-alinux3-arm64",
        });

        var byId = await Resolver(h).ResolveAsync(Article with { ImageTerms = [ImageSelectorTerm.ById("m-emulator-alinux3-x64-2024")] }, default);
        byId.ImageIdByArchitecture.Should().Equal(new Dictionary<string, string> { ["amd64"] = "m-emulator-alinux3-x64-2024" });
    }

    [Fact]
    public async Task Selectors_that_match_nothing_are_clear_typed_errors()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var resolver = Resolver(h);

        var noVSwitch = await FluentActions.Awaiting(() => resolver.ResolveAsync(Article, default)).Should().ThrowAsync<NodeClassResolutionException>();
        noVSwitch.Which.Failure.Should().Be(NodeClassResolutionFailure.NoVSwitch);
        noVSwitch.Which.Message.Should().Be("no vSwitch matches tags karpenter.sh/discovery=demo-cluster in cn-shenzhen");

        h.Emulator.TagVSwitch("vsw-cn-shenzhen-d", Discovery);
        var noGroup = await FluentActions.Awaiting(() => resolver.ResolveAsync(Article, default)).Should().ThrowAsync<NodeClassResolutionException>();
        noGroup.Which.Failure.Should().Be(NodeClassResolutionFailure.NoSecurityGroup);
        noGroup.Which.Message.Should().Be("no security group matches tags karpenter.sh/discovery=demo-cluster in cn-shenzhen");

        h.Emulator.TagSecurityGroup("sg-emulator-cn-shenzhen", Discovery);
        var noImage = await FluentActions.Awaiting(() => resolver.ResolveAsync(Article with { ImageTerms = [ImageSelectorTerm.ById("m-missing")] }, default))
            .Should().ThrowAsync<NodeClassResolutionException>();
        noImage.Which.Failure.Should().Be(NodeClassResolutionFailure.NoImage);
        noImage.Which.Message.Should().Contain("id m-missing").And.Contain("cn-shenzhen");

        (await resolver.ResolveAsync(Article, default)).VSwitchChoices.Should().ContainSingle().Which.VSwitchId.Should().Be("vsw-cn-shenzhen-d");
    }

    public static TheoryData<string, NodeClassSelectors> InvalidSelectors => new()
    {
        { "vSwitchSelectorTerms is empty", Article with { VSwitchTerms = [] } },
        { "exactly one of tags and id", Article with { SecurityGroupTerms = [new SelectorTerm(Discovery, "sg-1")] } },
        { "exactly one of tags and id", Article with { VSwitchTerms = [new SelectorTerm()] } },
        { "imageSelectorTerms is empty", Article with { ImageTerms = [] } },
        { "exactly one of alias and id", Article with { ImageTerms = [new ImageSelectorTerm("ContainerOS", "m-1")] } },
        { "unknown image alias \"Ubuntu\"", Article with { ImageTerms = [ImageSelectorTerm.ByAlias("Ubuntu")] } },
    };

    [Theory]
    [MemberData(nameof(InvalidSelectors))]
    public async Task Malformed_selectors_are_rejected_before_any_call(string expected, NodeClassSelectors selectors)
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);

        var e = await FluentActions.Awaiting(() => Resolver(h).ResolveAsync(selectors, default)).Should().ThrowAsync<NodeClassResolutionException>();

        e.Which.Failure.Should().Be(NodeClassResolutionFailure.InvalidSelector);
        e.Which.Message.Should().Contain(expected);
        h.Emulator.CountOf("DescribeVSwitches").Should().Be(0);
    }

    [Fact]
    public async Task Results_are_cached_for_the_ttl_then_refreshed()
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);
        var resolver = Resolver(h);
        var first = await resolver.ResolveAsync(Article, default);
        h.Emulator.AddImage(new EmulatedImage("m-containeros-newer", "cn-shenzhen", "lifsea_3_x64_10G_alibase_20260201.qcow2", EcsEmulator.ContainerOsFamily, "x86_64", "system")
        {
            CreationTime = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        });

        h.Time.Advance(TimeSpan.FromMinutes(4));
        (await resolver.ResolveAsync(Article, default)).Should().BeSameAs(first);
        h.Emulator.CountOf("DescribeVSwitches").Should().Be(1);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await resolver.ResolveAsync(Article, default);
        refreshed.ImageIdByArchitecture["amd64"].Should().Be("m-containeros-newer", "a newer image of the family is picked up after the TTL");
        refreshed.ResolvedAt.Should().Be(h.Time.GetUtcNow());
        h.Emulator.CountOf("DescribeVSwitches").Should().Be(2);
    }

    [Fact]
    public async Task Cloud_errors_serve_the_last_good_result_and_retry_later()
    {
        await using var h = await EmulatorHarness.StartAsync(seedNetworkTags: Discovery);
        var resolver = Resolver(h, maxAttempts: 2);
        var good = await resolver.ResolveAsync(Article, default);
        h.Emulator.Faults = new EcsEmulatorFaults { ServerErrorRate = 1 };

        h.Time.Advance(TimeSpan.FromMinutes(6));
        (await resolver.ResolveAsync(Article, default)).Should().BeSameAs(good);
        var callsAfterFailure = h.Emulator.CountOf("DescribeVSwitches");
        callsAfterFailure.Should().Be(3, "one good call, then two attempts that failed");
        h.Logs.Lines.Should().Contain(m => m.Contains("serving the result resolved at", StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromSeconds(20));
        (await resolver.ResolveAsync(Article, default)).Should().BeSameAs(good);
        h.Emulator.CountOf("DescribeVSwitches").Should().Be(callsAfterFailure, "within RetryAfterError the cloud is not asked again");

        h.Emulator.Faults = EcsEmulatorFaults.None;
        h.Time.Advance(TimeSpan.FromSeconds(10));
        (await resolver.ResolveAsync(Article, default)).ResolvedAt.Should().Be(h.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_cloud_error_with_nothing_cached_surfaces()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { ServerErrorRate = 1 }, seedNetworkTags: Discovery);

        var e = await FluentActions.Awaiting(() => Resolver(h, maxAttempts: 2).ResolveAsync(Article, default)).Should().ThrowAsync<EcsApiException>();

        e.Which.Kind.Should().Be(EcsErrorKind.Transient);
    }
}
