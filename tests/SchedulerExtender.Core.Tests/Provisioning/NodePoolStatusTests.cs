using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class NodePoolStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);
    private static readonly ResourceAmounts OneNode = new(4_000, 16L << 30, 20L << 30, 110);

    private static StatusCondition ClassReady(string status, string message = "") => new("Ready", status, "x", message, T0, 1);

    [Theory]
    // validation errors, class exists, class Ready → ValidationSucceeded, NodeClassReady, Ready
    [InlineData(false, true, "True", "True", "True", "True")]
    [InlineData(true, true, "True", "False", "True", "False")]
    [InlineData(false, false, null, "True", "False", "False")]
    [InlineData(false, true, "False", "True", "False", "False")]
    [InlineData(false, true, "Unknown", "True", "Unknown", "Unknown")]
    [InlineData(true, true, "Unknown", "False", "Unknown", "False")]
    public void Ready_is_validation_and_node_class_readiness_together(
        bool invalid, bool classExists, string? classStatus, string validation, string nodeClass, string ready)
    {
        var status = NodePoolStatus.Desired(
            invalid ? ["spec.weight: must be an integer"] : [],
            "defaultnodeclass",
            classExists ? ClassReady(classStatus!, "no vSwitch matches") : null,
            OneNode, 1, 3, [], T1);

        status.Conditions.Select(c => (c.Type, c.Status)).Should().Equal(
            ("ValidationSucceeded", validation), ("NodeClassReady", nodeClass), ("Ready", ready));
        status.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 3 && c.LastTransitionTime == T1);
    }

    [Fact]
    public void Messages_say_why_a_pool_is_not_ready()
    {
        var missing = NodePoolStatus.Desired([], "gone", null, ResourceAmounts.Zero, 0, 1, [], T1);
        var invalid = NodePoolStatus.Desired(["spec.weight: must be an integer"], "c", ClassReady("False", "vSwitchSelectorTerms match nothing"), ResourceAmounts.Zero, 0, 1, [], T1);

        missing.Conditions.Single(c => c.Type == "NodeClassReady").Should().Match<StatusCondition>(c => c.Reason == "NodeClassNotFound" && c.Message.Contains("\"gone\""));
        invalid.Conditions.Single(c => c.Type == "ValidationSucceeded").Should().Match<StatusCondition>(c => c.Reason == "ValidationFailed" && c.Message == "spec.weight: must be an integer");
        invalid.Conditions.Single(c => c.Type == "NodeClassReady").Message.Should().Be("ECSNodeClass \"c\": vSwitchSelectorTerms match nothing");
        invalid.Conditions.Single(c => c.Type == "Ready").Message.Should()
            .Contain("ValidationSucceeded=False: spec.weight").And.Contain("NodeClassReady=False: ECSNodeClass \"c\"");
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_until_its_status_changes()
    {
        var first = NodePoolStatus.Desired([], "c", ClassReady("True"), OneNode, 1, 1, [], T0);
        var same = NodePoolStatus.Desired([], "c", ClassReady("True"), OneNode.Times(2), 2, 2, first.Conditions, T1);
        var broken = NodePoolStatus.Desired([], "c", ClassReady("False", "no image"), OneNode, 1, 2, same.Conditions, T1.AddMinutes(1));

        same.Conditions.Should().OnlyContain(c => c.LastTransitionTime == T0 && c.ObservedGeneration == 2);
        broken.Conditions.Single(c => c.Type == "ValidationSucceeded").LastTransitionTime.Should().Be(T0);
        broken.Conditions.Where(c => c.Type != "ValidationSucceeded").Should().OnlyContain(c => c.LastTransitionTime == T1.AddMinutes(1));
    }

    [Fact]
    public void A_very_long_message_is_cut()
    {
        var status = NodePoolStatus.Desired([new string('e', 5000)], "c", ClassReady("True"), OneNode, 1, 1, [], T0);

        status.Conditions.Single(c => c.Type == "ValidationSucceeded").Message.Should().HaveLength(StatusCondition.MaxMessageLength).And.EndWith("...");
    }
}
