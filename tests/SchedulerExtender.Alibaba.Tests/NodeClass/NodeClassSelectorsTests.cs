using SchedulerExtender.Alibaba.NodeClass;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Alibaba.Tests.NodeClass;

public sealed class NodeClassSelectorsTests
{
    [Fact]
    public void The_cache_key_ignores_tag_order_but_not_tag_values()
    {
        NodeClassSelectors With(params (string Key, string Value)[] tags) => new(
            [SelectorTerm.ByTags(tags.ToDictionary(t => t.Key, t => t.Value))],
            [SelectorTerm.ById("sg-1")],
            [ImageSelectorTerm.ByAlias("ContainerOS")]);

        With(("a", "1"), ("b", "2")).CacheKey.Should().Be(With(("b", "2"), ("a", "1")).CacheKey);
        With(("a", "1"), ("b", "2")).CacheKey.Should().NotBe(With(("a", "1"), ("b", "3")).CacheKey);
    }

    [Fact]
    public void Terms_describe_themselves_for_error_messages()
    {
        SelectorTerm.ByTags(new Dictionary<string, string> { ["z"] = "1", ["karpenter.sh/discovery"] = "demo-cluster" }).Describe()
            .Should().Be("tags karpenter.sh/discovery=demo-cluster,z=1");
        SelectorTerm.ById("vsw-1").Describe().Should().Be("id vsw-1");
        ImageSelectorTerm.ByAlias("ContainerOS").Describe().Should().Be("alias ContainerOS");
    }

    [Fact]
    public void A_resolution_fills_a_launch_request_for_one_architecture()
    {
        var resolved = new ResolvedNodeClass(
            [new ResolvedVSwitch("vsw-a", "cn-shenzhen-a", "vpc-1", 10), new ResolvedVSwitch("vsw-b", "cn-shenzhen-b", "vpc-1", 20)],
            ["sg-1", "sg-2"],
            new Dictionary<string, string> { ["amd64"] = "m-x86" },
            DateTimeOffset.UnixEpoch);
        var request = new LaunchRequest("claim", "pool", [], CapacityType.Spot, [], [], [], "", new SystemDiskSpec("cloud_auto", 20, "PL0"),
            new Dictionary<string, string>(), [], new Dictionary<string, string>());

        var filled = resolved.ApplyTo(request, "amd64");

        filled.VSwitches.Should().Equal(new VSwitchChoice("vsw-a", "cn-shenzhen-a"), new VSwitchChoice("vsw-b", "cn-shenzhen-b"));
        filled.SecurityGroupIds.Should().Equal("sg-1", "sg-2");
        filled.ImageId.Should().Be("m-x86");
        var arm = () => resolved.ApplyTo(request, "arm64");
        arm.Should().Throw<NodeClassResolutionException>().WithMessage("*no image for arm64 (has: amd64)*");
    }
}
