using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A new node claim being filled during a solve. Its free room is measured against the smallest
/// of its candidates, so whichever candidate launches still hosts every pod given to it.
/// </summary>
internal sealed class OpenClaim(string nodePool, string targetKey, CapacityType capacityType, bool onDemandFallback,
    IReadOnlyList<string> zones, IReadOnlyList<LaunchCandidate> candidates, ResourceAmounts smallestAllocatable)
{
    private readonly List<PodReference> pods = [];
    private ResourceAmounts requests;
    private ClaimTopology? topology;

    public string NodePool => nodePool;

    public string TargetKey => targetKey;

    public ResourceAmounts Remaining => smallestAllocatable - requests;

    /// <summary>The node-level rules of its pods; made on first use, as most solves have none.</summary>
    public ClaimTopology Topology => topology ??= ClaimTopology.Empty();

    public void Add(PodReference pod, ResourceAmounts podRequests)
    {
        pods.Add(pod);
        requests += podRequests;
    }

    public NodeClaimPlan ToPlan() => new(nodePool, [.. pods], requests, capacityType, onDemandFallback, zones, candidates);
}
