using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A node our provisioner launched (one NodeClaim), with its pods. <see cref="Allocatable"/> must
/// include the pod slots (<c>Pods</c> &gt; 0). <see cref="LastPodEventAt"/> is the last time a pod
/// was bound to or left the node (null: never, i.e. since <see cref="CreatedAt"/>);
/// consolidation waits <c>consolidateAfter</c> from it. <see cref="Drifted"/> is decided by the
/// caller (the node no longer matches its pool's requirements or node class hash).
/// <see cref="ReclaimNoticeAt"/> is set when the cloud announced a spot reclaim.
/// <see cref="Disrupting"/>: already being terminated (counts against budgets, never a candidate);
/// a node that is not <see cref="Ready"/> counts against budgets as Karpenter's do.
/// </summary>
public sealed record ClusterNode
{
    public required string Name { get; init; }

    /// <summary>The NodeClaim behind the node; the node name when null.</summary>
    public string? NodeClaim { get; init; }

    public required string NodePool { get; init; }

    public required string InstanceType { get; init; }

    public required string Zone { get; init; }

    public required CapacityType CapacityType { get; init; }

    /// <summary>What the node costs per hour (CNY), the price it was bought at.</summary>
    public required double PricePerHour { get; init; }

    public required ResourceAmounts Allocatable { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastPodEventAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>The node carries <c>karpenter.sh/do-not-disrupt: "true"</c>.</summary>
    public bool DoNotDisrupt { get; init; }

    public DateTimeOffset? ReclaimNoticeAt { get; init; }

    public bool Drifted { get; init; }

    /// <summary>
    /// A node schedext did not launch (Karpenter's, after a take-over) whose retirement was asked
    /// (<see cref="NodeRetirement.IsRequested"/>): replaced and terminated the way a drifted node
    /// is, and touched by no other method (no consolidation, expiry or repair).
    /// </summary>
    public bool Retiring { get; init; }

    /// <summary>
    /// When the last replace of this node was abandoned (its replacement failed or was not
    /// initialized in time); no replace of it is planned again within
    /// <see cref="DisruptionOptions.BackoffAfter"/> its <see cref="ReplaceAbandons"/>. Null: never abandoned.
    /// </summary>
    public DateTimeOffset? ReplaceAbandonedAt { get; init; }

    /// <summary>How many replaces of this node were abandoned so far (0 when never; read as 1 when only the time is known).</summary>
    public int ReplaceAbandons { get; init; }

    public bool Disrupting { get; init; }

    public bool Ready { get; init; } = true;

    /// <summary>
    /// When the node's Ready condition last turned False or Unknown (its <c>lastTransitionTime</c>);
    /// null when the node is ready or the time is not known. Node repair counts from it.
    /// </summary>
    public DateTimeOffset? NotReadySince { get; init; }

    /// <summary>The node's status conditions, for the <see cref="DisruptionOptions.RepairConditions"/> of node repair.</summary>
    public IReadOnlyList<NodeConditionState> Conditions { get; init; } = [];

    public IReadOnlyList<ClusterPod> Pods { get; init; } = [];

    public string ClaimName => NodeClaim ?? Name;

    /// <summary>The node's labels with the well-known ones its claim fixes, so requirements match as on the real node.</summary>
    public IReadOnlyDictionary<string, string> EffectiveLabels()
    {
        var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal)
        {
            [WellKnownLabels.InstanceType] = InstanceType,
            [WellKnownLabels.Zone] = Zone,
            [WellKnownLabels.CapacityType] = CapacityType.ToLabelValue(),
            [WellKnownLabels.NodePool] = NodePool,
        };
        return labels;
    }

    /// <summary>Allocatable minus what every non-terminal pod (DaemonSets included) requests, one slot each.</summary>
    public ResourceAmounts Remaining() =>
        Pods.Where(p => !p.IsTerminal).Aggregate(Allocatable, (free, p) => free - (p.Requests with { Pods = 1 }));
}
