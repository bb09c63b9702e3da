using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a NodePool's status should say (Karpenter v1): the resources its NodeClaims hold and how
/// many there are (the NODES column), and the conditions ValidationSucceeded, NodeClassReady and
/// Ready (= both; the READY column), and beside them, not part of Ready,
/// <see cref="NodeRegistrationHealth"/>'s NodeRegistrationHealthy.
/// </summary>
public sealed record NodePoolStatus(ResourceAmounts Resources, int Nodes, IReadOnlyList<StatusCondition> Conditions)
{
    public const string ValidationSucceeded = "ValidationSucceeded";
    public const string NodeClassReady = "NodeClassReady";
    public const string Ready = "Ready";

    /// <summary>
    /// The generation of the pool's ECSNodeClass its status was written for (Karpenter's
    /// <c>status.nodeClassObservedGeneration</c>): a writer that finds another one knows the class
    /// changed since, even across a restart. Null when the class does not exist.
    /// </summary>
    public long? NodeClassObservedGeneration { get; init; }

    /// <param name="validationErrors">The pool's own configuration errors (empty when it validates).</param>
    /// <param name="nodeClassName">The ECSNodeClass its nodeClassRef names.</param>
    /// <param name="nodeClassReady">That class's Ready condition; null when no such class exists.</param>
    /// <param name="inUse">What the pool's claims add up to (capacity once launched, the requests before).</param>
    /// <param name="nodes">How many claims the pool has.</param>
    /// <param name="previous">The conditions the object has now (their transition times are kept).</param>
    /// <param name="registration">The NodeRegistrationHealthy condition (<see cref="NodeRegistrationHealth.Desired"/>); none when null.</param>
    public static NodePoolStatus Desired(
        IReadOnlyList<string> validationErrors,
        string nodeClassName,
        StatusCondition? nodeClassReady,
        ResourceAmounts inUse,
        int nodes,
        long? generation,
        IReadOnlyList<StatusCondition> previous,
        DateTimeOffset now,
        StatusCondition? registration = null)
    {
        var validation = validationErrors.Count == 0
            ? StatusCondition.Of(ValidationSucceeded, StatusCondition.True, ValidationSucceeded, "", now, generation)
            : StatusCondition.Of(ValidationSucceeded, StatusCondition.False, "ValidationFailed", string.Join("; ", validationErrors), now, generation);
        var nodeClass = nodeClassReady switch
        {
            null => StatusCondition.Of(NodeClassReady, StatusCondition.False, "NodeClassNotFound", $"ECSNodeClass \"{nodeClassName}\" not found", now, generation),
            { IsTrue: true } => StatusCondition.Of(NodeClassReady, StatusCondition.True, NodeClassReady, "", now, generation),
            // Unknown stays Unknown (the cloud did not answer); False says why the class cannot launch.
            _ => StatusCondition.Of(NodeClassReady, nodeClassReady.Status, "NodeClassNotReady", $"ECSNodeClass \"{nodeClassName}\": {nodeClassReady.Message}", now, generation),
        };
        List<StatusCondition> conditions = [validation, nodeClass, Summary(Ready, [validation, nodeClass], now, generation)];
        if (registration is not null)
        {
            conditions.Add(registration);
        }

        return new NodePoolStatus(inUse, nodes, StatusCondition.Carry(previous, conditions));
    }

    /// <summary>
    /// The Ready condition over <paramref name="dependents"/> (as Karpenter's status library does):
    /// True when all are, False when any is False, else Unknown; the message names those not True.
    /// </summary>
    public static StatusCondition Summary(string type, IReadOnlyList<StatusCondition> dependents, DateTimeOffset now, long? generation)
    {
        var notTrue = dependents.Where(d => !d.IsTrue).ToList();
        if (notTrue.Count == 0)
        {
            return StatusCondition.Of(type, StatusCondition.True, type, "", now, generation);
        }

        var status = notTrue.Any(d => d.Status == StatusCondition.False) ? StatusCondition.False : StatusCondition.Unknown;
        var message = string.Join("; ", notTrue.Select(d => d.Message.Length > 0 ? $"{d.Type}={d.Status}: {d.Message}" : $"{d.Type}={d.Status}"));
        return StatusCondition.Of(type, status, "UnhealthyDependents", message, now, generation);
    }
}
