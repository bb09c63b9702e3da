using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class NodeClaimLifecycleTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Taint StartupTaint = new("node.example.com/agent-not-ready", null, "NoSchedule");

    public enum Instance { None, Running }

    public enum Node { None, NotReady, ReadyWithStartupTaint, Ready }

    [Theory]
    // launched, registered, initialized, deleting, instance, node, minutes since creation -> action
    [InlineData(false, false, false, false, Instance.None, Node.None, 0, NodeClaimAction.Launch)]
    [InlineData(false, false, false, false, Instance.Running, Node.None, 1, NodeClaimAction.Launch)] // restart after RunInstances: launch again (idempotent)
    [InlineData(false, false, false, false, Instance.None, Node.None, 15, NodeClaimAction.TerminateRegistrationTimeout)]
    [InlineData(true, false, false, false, Instance.Running, Node.None, 5, NodeClaimAction.AwaitRegistration)]
    [InlineData(true, false, false, false, Instance.Running, Node.None, 15, NodeClaimAction.TerminateRegistrationTimeout)]
    [InlineData(true, false, false, false, Instance.None, Node.None, 5, NodeClaimAction.TerminateInstanceGone)]
    [InlineData(true, false, false, false, Instance.Running, Node.NotReady, 20, NodeClaimAction.Register)] // joined late but joined: keep it
    [InlineData(true, true, false, false, Instance.Running, Node.NotReady, 5, NodeClaimAction.AwaitInitialization)]
    [InlineData(true, true, false, false, Instance.Running, Node.ReadyWithStartupTaint, 5, NodeClaimAction.AwaitInitialization)]
    [InlineData(true, true, false, false, Instance.Running, Node.Ready, 5, NodeClaimAction.Initialize)]
    [InlineData(true, true, true, false, Instance.Running, Node.Ready, 500, NodeClaimAction.None)]
    [InlineData(true, true, true, false, Instance.Running, Node.None, 500, NodeClaimAction.TerminateNodeGone)]
    [InlineData(true, true, true, false, Instance.None, Node.Ready, 500, NodeClaimAction.TerminateInstanceGone)]
    [InlineData(true, true, true, true, Instance.Running, Node.Ready, 500, NodeClaimAction.Finalize)]
    [InlineData(false, false, false, true, Instance.None, Node.None, 0, NodeClaimAction.Finalize)]
    public void Decides_the_next_step(bool launched, bool registered, bool initialized, bool deleting, Instance instance, Node node, int minutes, NodeClaimAction expected)
    {
        var claim = new NodeClaimObservation("pool-abc12", Created, launched ? "cn-shenzhen.i-1" : null, registered, initialized, deleting);

        var decision = NodeClaimLifecycle.Decide(claim, InstanceOf(instance), NodeOf(node), [StartupTaint], Created.AddMinutes(minutes), NodeClaimLifecycle.DefaultRegistrationTimeout);

        decision.Action.Should().Be(expected);
        decision.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Register_names_the_node_and_waiting_names_the_startup_taint()
    {
        var claim = new NodeClaimObservation("pool-abc12", Created, "cn-shenzhen.i-1", false, false, false);
        var register = NodeClaimLifecycle.Decide(claim, InstanceOf(Instance.Running), NodeOf(Node.NotReady), [], Created, TimeSpan.FromMinutes(15));
        var waiting = NodeClaimLifecycle.Decide(claim with { Registered = true }, InstanceOf(Instance.Running), NodeOf(Node.ReadyWithStartupTaint), [StartupTaint], Created, TimeSpan.FromMinutes(15));

        register.NodeName.Should().Be("node-1");
        waiting.Reason.Should().Contain(StartupTaint.Key);
    }

    [Theory]
    [InlineData(10, NodeClaimAction.AwaitRegistration)] // ECS lists a new instance a few seconds late
    [InlineData(59, NodeClaimAction.AwaitRegistration)]
    [InlineData(60, NodeClaimAction.TerminateInstanceGone)]
    public void A_just_launched_instance_missing_from_the_listing_is_given_a_grace(int secondsSinceLaunch, NodeClaimAction expected)
    {
        var launchedAt = Created.AddMinutes(2);
        var claim = new NodeClaimObservation("pool-abc12", Created, "cn-shenzhen.i-1", false, false, false, launchedAt);

        NodeClaimLifecycle.Decide(claim, null, null, [], launchedAt.AddSeconds(secondsSinceLaunch), TimeSpan.FromMinutes(15))
            .Action.Should().Be(expected);
    }

    [Fact]
    public void A_shorter_registration_timeout_is_honoured()
    {
        var claim = new NodeClaimObservation("pool-abc12", Created, "cn-shenzhen.i-1", false, false, false);

        NodeClaimLifecycle.Decide(claim, InstanceOf(Instance.Running), null, [], Created.AddSeconds(2), TimeSpan.FromSeconds(2))
            .Action.Should().Be(NodeClaimAction.TerminateRegistrationTimeout);
    }

    private static CloudInstance? InstanceOf(Instance instance) => instance == Instance.None
        ? null
        : new CloudInstance("i-1", "cn-shenzhen.i-1", "ecs.c7.xlarge", "cn-shenzhen-d", CapacityType.Spot, CloudInstanceState.Running,
            new Dictionary<string, string>(), Created, ReclaimPending: false);

    private static NodeObservation? NodeOf(Node node) => node switch
    {
        Node.None => null,
        Node.NotReady => new NodeObservation("node-1", false, []),
        Node.ReadyWithStartupTaint => new NodeObservation("node-1", true, [StartupTaint.Key, "other"]),
        _ => new NodeObservation("node-1", true, ["other"]),
    };
}
