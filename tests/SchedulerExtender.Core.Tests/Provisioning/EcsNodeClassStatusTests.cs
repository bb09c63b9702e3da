using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class EcsNodeClassStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static NodeClassLaunchSettings Settings(int vSwitches = 2, int securityGroups = 1, int images = 1) => new(
        [.. new[] { new VSwitchChoice("vsw-b", "cn-shenzhen-e"), new VSwitchChoice("vsw-a", "cn-shenzhen-d") }.Take(vSwitches)],
        [.. new[] { "sg-2", "sg-1" }.Take(securityGroups)],
        new Dictionary<string, string>(new[] { KeyValuePair.Create("amd64", "m-amd"), KeyValuePair.Create("arm64", "m-arm") }.Take(images)));

    [Theory]
    [InlineData(2, 1, 1, "True", "")]
    [InlineData(0, 1, 1, "False", "no vSwitch")]
    [InlineData(2, 0, 1, "False", "no security group")]
    [InlineData(2, 1, 0, "False", "no image")]
    [InlineData(0, 0, 0, "False", "no vSwitch, no security group, no image")]
    public void Ready_needs_a_vswitch_a_security_group_and_an_image(int vSwitches, int securityGroups, int images, string ready, string missing)
    {
        var status = EcsNodeClassStatus.Resolved(Settings(vSwitches, securityGroups, images), 4, [], T0);

        status.ReadyCondition.Status.Should().Be(ready);
        status.ReadyCondition.ObservedGeneration.Should().Be(4);
        if (missing.Length > 0)
        {
            status.ReadyCondition.Message.Should().EndWith(missing);
        }
    }

    [Fact]
    public void VSwitches_are_listed_by_zone_and_security_groups_keep_their_order()
    {
        var status = EcsNodeClassStatus.Resolved(Settings(), 1, [], T0);

        status.VSwitches.Select(v => v.Zone).Should().Equal("cn-shenzhen-d", "cn-shenzhen-e");
        status.SecurityGroupIds.Should().Equal("sg-2");
    }

    [Theory]
    [InlineData(true, "False", "ResolutionFailed")]
    [InlineData(false, "Unknown", "CloudUnavailable")]
    public void An_unresolved_class_lists_nothing_and_says_why(bool definite, string ready, string reason)
    {
        var status = EcsNodeClassStatus.Unresolved("vSwitchSelectorTerms match no vSwitch", definite, 2, [], T0);

        status.ReadyCondition.Should().Be(new StatusCondition("Ready", ready, reason, "vSwitchSelectorTerms match no vSwitch", T0, 2));
        status.VSwitches.Should().BeEmpty();
        status.SecurityGroupIds.Should().BeEmpty();
        status.ImageIdByArchitecture.Should().BeEmpty();
    }

    [Fact]
    public void Ready_keeps_its_transition_time_while_it_stays_ready()
    {
        var first = EcsNodeClassStatus.Resolved(Settings(), 1, [], T0);
        var again = EcsNodeClassStatus.Resolved(Settings(vSwitches: 1), 1, first.Conditions, T0.AddHours(1));
        var broken = EcsNodeClassStatus.Unresolved("gone", true, 1, again.Conditions, T0.AddHours(2));

        again.ReadyCondition.LastTransitionTime.Should().Be(T0);
        broken.ReadyCondition.LastTransitionTime.Should().Be(T0.AddHours(2));
    }
}
