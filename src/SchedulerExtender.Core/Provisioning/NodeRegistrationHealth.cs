namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A NodePool's <c>NodeRegistrationHealthy</c> condition, as Karpenter's: whether the nodes launched
/// for it manage to join the cluster. A misconfigured class (a security group without a way out, a
/// bad image or user data) launches instances that never join, each billed until the registration
/// timeout gives it up, over and over; nothing else tells an operator so. Not part of Ready: a pool
/// that is not healthy still provisions (the fault may be passing).
/// <list type="bullet">
/// <item>True once a claim's Node joined (the latest outcome is a success).</item>
/// <item>False after two failures in a row, naming the last one (one failure is tolerated: a single
/// instance can fail to boot for reasons of its own).</item>
/// <item>Otherwise what the pool already says for its current generation, or Unknown: no outcome
/// since it was created or last changed (a restart forgets the outcomes but not the condition).</item>
/// </list>
/// </summary>
public static class NodeRegistrationHealth
{
    public const string Type = "NodeRegistrationHealthy";

    /// <param name="previous">The condition the pool has now, if any; null to start again (the pool or its class changed).</param>
    /// <param name="outcomes">The pool's outcomes since its current generation, oldest first.</param>
    public static StatusCondition Desired(StatusCondition? previous, IReadOnlyList<RegistrationOutcome> outcomes, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var failedInARow = 0;
        for (var i = outcomes.Count - 1; i >= 0 && !outcomes[i].Registered; i--)
        {
            failedInARow++;
        }

        if (outcomes.Count > 0 && outcomes[^1].Registered)
        {
            return StatusCondition.Of(Type, StatusCondition.True, Type, "", now, generation);
        }

        if (failedInARow >= 2)
        {
            var last = outcomes[^1];
            return StatusCondition.Of(Type, StatusCondition.False, "RegistrationFailed",
                $"the last {failedInARow} NodeClaims launched for this pool did not join; {last.NodeClaim}: {last.Message}", now, generation);
        }

        return previous is not null && previous.ObservedGeneration == generation
            ? previous
            : StatusCondition.Of(Type, StatusCondition.Unknown, "AwaitingRegistration", "no node has joined or failed to join since the pool or its node class was created or changed", now, generation);
    }
}
