using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The node claim lifecycle as Karpenter defines it: launched (an instance exists) → registered (a
/// Node with the instance's providerID joined) → initialized (that Node is Ready and its startup
/// taints are gone). A claim not registered within the registration timeout, counted from its
/// creation, is terminated so its pods are planned again; so is one whose instance disappeared.
/// Pure: the caller observes the claim, the instance and the Node and acts on the answer.
/// </summary>
public static class NodeClaimLifecycle
{
    public static readonly TimeSpan DefaultRegistrationTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after launch an instance missing from the cloud's listing is still presumed to be
    /// on its way: ECS lists a new instance only some seconds after RunInstances returns.
    /// </summary>
    public static readonly TimeSpan InstanceListingGrace = TimeSpan.FromMinutes(1);

    /// <param name="instance">The claim's instance as the cloud lists it; null when none exists.</param>
    /// <param name="node">The Node whose providerID is the claim's; null when none has joined.</param>
    /// <param name="startupTaints">The pool's startup taints: initialization waits until they are removed.</param>
    public static NodeClaimDecision Decide(
        NodeClaimObservation claim,
        CloudInstance? instance,
        NodeObservation? node,
        IReadOnlyList<Taint> startupTaints,
        DateTimeOffset now,
        TimeSpan registrationTimeout)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Deleting)
        {
            return new(NodeClaimAction.Finalize, "the node claim is being deleted", node?.Name);
        }

        var age = now - claim.CreatedAt;
        var timedOut = age >= registrationTimeout;
        if (claim.ProviderId is null)
        {
            return timedOut
                ? new(NodeClaimAction.TerminateRegistrationTimeout, $"not launched within the registration timeout ({registrationTimeout})")
                : new(NodeClaimAction.Launch, "no instance recorded");
        }

        if (instance is null)
        {
            if (claim.LaunchedAt is { } launchedAt && now - launchedAt < InstanceListingGrace)
            {
                return new(NodeClaimAction.AwaitRegistration, "the instance is not listed by the cloud yet", node?.Name);
            }

            return new(NodeClaimAction.TerminateInstanceGone, $"instance {claim.ProviderId} no longer exists", node?.Name);
        }

        if (node is null)
        {
            if (claim.Registered)
            {
                return new(NodeClaimAction.TerminateNodeGone, "its node was deleted");
            }

            return timedOut
                ? new(NodeClaimAction.TerminateRegistrationTimeout, $"no node registered within the registration timeout ({registrationTimeout})")
                : new(NodeClaimAction.AwaitRegistration, "waiting for the node to join");
        }

        if (!claim.Registered)
        {
            return new(NodeClaimAction.Register, $"node {node.Name} joined", node.Name);
        }

        if (claim.Initialized)
        {
            return new(NodeClaimAction.None, "initialized", node.Name);
        }

        if (!node.Ready)
        {
            return new(NodeClaimAction.AwaitInitialization, "the node is not Ready", node.Name);
        }

        var remaining = startupTaints.Select(t => t.Key).Where(node.TaintKeys.Contains).ToList();
        return remaining.Count > 0
            ? new(NodeClaimAction.AwaitInitialization, $"startup taints still present: {string.Join(", ", remaining)}", node.Name)
            : new(NodeClaimAction.Initialize, "the node is Ready and its startup taints are gone", node.Name);
    }
}
