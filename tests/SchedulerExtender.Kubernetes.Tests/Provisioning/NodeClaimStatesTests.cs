using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeClaimStatesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, "", NodeClaimStates.Launching)]
    [InlineData(false, "Launched", NodeClaimStates.Launching)]
    [InlineData(false, "Launched,Registered", NodeClaimStates.Registered)]
    [InlineData(false, "Launched,Registered,Initialized", NodeClaimStates.Initialized)]
    [InlineData(true, "Launched", NodeClaimStates.Terminating)]
    [InlineData(true, "Launched,Registered,Initialized", NodeClaimStates.Terminating)]
    public void A_claim_is_in_the_furthest_state_its_conditions_reach_unless_deleting(bool deleting, string trueConditions, string state)
    {
        NodeClaimStates.Of(Claim("c", "spot", deleting, trueConditions.Split(',', StringSplitOptions.RemoveEmptyEntries))).Should().Be(state);
    }

    [Fact]
    public void A_condition_that_is_not_true_does_not_advance_the_state()
    {
        var claim = Claim("c", "spot", false, ["Launched"]) with
        {
            Conditions = [new NodeClaimCondition("Launched", "True", "Launched", "", At), new NodeClaimCondition("Registered", "Unknown", "AwaitingRegistration", "", At)],
        };

        NodeClaimStates.Of(claim).Should().Be(NodeClaimStates.Launching);
    }

    [Fact]
    public void Claims_are_counted_by_node_pool_and_state()
    {
        var counts = NodeClaimStates.Count([
            Claim("a", "spot", false, ["Launched", "Registered", "Initialized"]),
            Claim("b", "spot", false, ["Launched", "Registered", "Initialized"]),
            Claim("c", "spot", false, ["Launched"]),
            Claim("d", "on-demand", true, ["Launched", "Registered", "Initialized"]),
        ]);

        counts.Should().BeEquivalentTo(new Dictionary<(string NodePool, string State), int>
        {
            [("spot", NodeClaimStates.Initialized)] = 2,
            [("spot", NodeClaimStates.Launching)] = 1,
            [("on-demand", NodeClaimStates.Terminating)] = 1,
        });
    }

    private static NodeClaimResource Claim(string name, string pool, bool deleting, IEnumerable<string> trueConditions) =>
        new(name, At, deleting, [], new Dictionary<string, string>(), new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "default"),
            new NodeClaimSpec(pool, [], [], [], ResourceAmounts.Zero), [], [], null, null, null, null,
            [.. trueConditions.Select(type => new NodeClaimCondition(type, "True", type, "", At))]);
}
