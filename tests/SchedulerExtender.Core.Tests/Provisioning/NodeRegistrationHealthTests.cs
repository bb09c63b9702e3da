using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class NodeRegistrationHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static RegistrationOutcome Joined(int i) => new($"claim-{i}", true, "node joined", T0.AddMinutes(i));

    private static RegistrationOutcome Failed(int i) => new($"claim-{i}", false, "no Node within 15m0s", T0.AddMinutes(i));

    private static StatusCondition Previous(string status, long generation) =>
        new(NodeRegistrationHealth.Type, status, "Earlier", "said before", T0.AddDays(-1), generation);

    public static TheoryData<string, StatusCondition?, RegistrationOutcome[], string> Cases => new()
    {
        { "a new pool", null, [], "Unknown" },
        { "one node joined", null, [Joined(1)], "True" },
        { "one failure is tolerated", null, [Failed(1)], "Unknown" },
        { "two failures in a row", null, [Failed(1), Failed(2)], "False" },
        { "a join after failures heals", null, [Failed(1), Failed(2), Joined(3)], "True" },
        { "failures broken by a join do not add up", null, [Failed(1), Joined(2), Failed(3)], "Unknown" },
        { "a healthy pool with one failure stays healthy", Previous("True", 3), [Joined(1), Failed(2)], "True" },
        { "a healthy pool with two failures in a row is not", Previous("True", 3), [Joined(1), Failed(2), Failed(3)], "False" },
        { "after a restart nothing is known: the pool keeps what it said", Previous("False", 3), [], "False" },
        { "a changed pool starts again from Unknown", Previous("False", 2), [], "Unknown" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_condition_follows_the_latest_outcomes(string what, StatusCondition? previous, RegistrationOutcome[] outcomes, string status) =>
        NodeRegistrationHealth.Desired(previous, outcomes, 3, T0.AddHours(1)).Status.Should().Be(status, what);

    [Fact]
    public void Failing_says_how_many_claims_in_a_row_did_not_join_and_why_the_last_did_not()
    {
        var condition = NodeRegistrationHealth.Desired(null, [Joined(1), Failed(2), Failed(3), Failed(4)], 3, T0.AddHours(1));

        condition.Reason.Should().Be("RegistrationFailed");
        condition.Message.Should().Contain("last 3 NodeClaims").And.Contain("claim-4: no Node within 15m0s");
        condition.ObservedGeneration.Should().Be(3);
    }

    [Fact]
    public void A_pool_status_carries_the_condition_beside_Ready_without_changing_Ready()
    {
        var failing = NodeRegistrationHealth.Desired(null, [Failed(1), Failed(2)], 1, T0);

        var status = NodePoolStatus.Desired([], "c", new StatusCondition("Ready", "True", "Ready", "", T0, 1), ResourceAmounts.Zero, 0, 1, [], T0, failing);

        status.Conditions.Select(c => (c.Type, c.Status)).Should().Equal(
            ("ValidationSucceeded", "True"), ("NodeClassReady", "True"), ("Ready", "True"), ("NodeRegistrationHealthy", "False"));
    }
}
