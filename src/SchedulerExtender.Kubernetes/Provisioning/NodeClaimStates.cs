namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The coarse lifecycle state of a NodeClaim for metrics: a fixed set of four words, so the
/// <c>state</c> label stays bounded whatever conditions a claim carries.
/// </summary>
public static class NodeClaimStates
{
    public const string Launching = "launching";
    public const string Registered = "registered";
    public const string Initialized = "initialized";
    public const string Terminating = "terminating";

    /// <summary>Deletion wins over progress: a deleting claim is terminating even when its node is up.</summary>
    public static string Of(NodeClaimResource claim) =>
        claim.Deleting ? Terminating
        : claim.IsTrue(NodeClaimCondition.Initialized) ? Initialized
        : claim.IsTrue(NodeClaimCondition.Registered) ? Registered
        : Launching;

    /// <summary>Claims counted by node pool and state.</summary>
    public static IReadOnlyDictionary<(string NodePool, string State), int> Count(IEnumerable<NodeClaimResource> claims) =>
        claims
            .GroupBy(c => (c.Spec.NodePool, Of(c)))
            .ToDictionary(g => g.Key, g => g.Count());
}
