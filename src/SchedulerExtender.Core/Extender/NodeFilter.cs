using System.Collections.Concurrent;
using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Core.Extender;

/// <summary>
/// The extender's filter for one node, given what the pod demands (<see cref="SparkGuard"/>):
/// drivers never on spot, <c>spot</c>-policy executors only on spot, and no Spark pod onto a node
/// that is going away — tainted <c>karpenter.sh/disrupted:NoSchedule</c> by the provisioner, or
/// under a spot reclaim notice. A reclaim notice is either the node annotation
/// <c>schedext.io/spot-reclaim-at</c> (RFC 3339 time the cloud reclaims it, written by the
/// provisioner's interruption handler) or a node condition <c>SpotInterruption</c> with status
/// True (for node-problem-detector style reporters). Pure: no clock, the notice counts as soon as it exists.
/// </summary>
public sealed class NodeFilter(SpotNodeRule spotRule)
{
    public const string DisruptedTaintKey = "karpenter.sh/disrupted";
    public const string ReclaimAnnotation = "schedext.io/spot-reclaim-at";
    public const string ReclaimConditionType = "SpotInterruption";

    /// <summary>Distinct messages kept for sharing; more are formatted each time.</summary>
    private const int MaxRememberedMessages = 64;

    // Every on-demand node of a large cluster carries the same capacity-mismatch message: one
    // string per (failure, label, value), not one per node.
    private static readonly ConcurrentDictionary<(FilterFailure, string, string?), string> Messages = new();

    public NodeRejection? Check(SparkGuard guard, NodeInfo node) =>
        guard == SparkGuard.None ? null : Check(guard, new CachedNode(node, spotRule));

    public NodeRejection? Check(SparkGuard guard, CachedNode node)
    {
        if (guard == SparkGuard.None)
        {
            return null;
        }

        if (!ReferenceEquals(node.SpotRule, spotRule))
        {
            // Kept by another rule than this filter's (not when both came from SpotNodeRule.Of for one configuration): judge it afresh.
            node = new CachedNode(node.Info, spotRule);
        }

        var isSpot = node.CapacityType == CapacityType.Spot;
        var wrongCapacity = (guard == SparkGuard.OnDemandOnly && isSpot) || (guard == SparkGuard.SpotOnly && !isSpot);
        return wrongCapacity ? node.CapacityMismatch : node.Leaving;
    }

    /// <summary>Why a pod that may not use <paramref name="capacityType"/> fails the node: a driver on spot, a spot-only executor on anything else.</summary>
    internal static NodeRejection CapacityMismatch(NodeInfo node, SpotNodeRule spotRule, CapacityType capacityType)
    {
        var failure = capacityType == CapacityType.Spot ? FilterFailure.DriverOnSpot : FilterFailure.ExecutorNeedsSpot;
        var value = node.Label(spotRule.CapacityTypeLabel);
        var key = (failure, spotRule.CapacityTypeLabel, value);
        if (!Messages.TryGetValue(key, out var message))
        {
            message = failure == FilterFailure.DriverOnSpot
                ? $"Spark driver must not run on spot capacity (node label {spotRule.CapacityTypeLabel}={value})"
                : $"executor policy 'spot' requires a spot node; node label {spotRule.CapacityTypeLabel}={value ?? "<unset>"}";
            if (Messages.Count < MaxRememberedMessages)
            {
                Messages.TryAdd(key, message);
            }
        }

        return new NodeRejection(node.Name, failure, message);
    }

    /// <summary>Why no Spark pod should land on the node because it is going away; null when it is not.</summary>
    internal static NodeRejection? Leaving(NodeInfo node)
    {
        foreach (var taint in node.Taints)
        {
            if (taint.Key == DisruptedTaintKey && taint.Effect == "NoSchedule")
            {
                return new NodeRejection(node.Name, FilterFailure.Disrupted, "node is being disrupted by the provisioner (taint karpenter.sh/disrupted:NoSchedule)");
            }
        }

        if (node.Annotations.TryGetValue(ReclaimAnnotation, out var reclaimAt))
        {
            return new NodeRejection(node.Name, FilterFailure.SpotReclaim,
                string.Create(CultureInfo.InvariantCulture, $"spot instance will be reclaimed at {reclaimAt} (annotation {ReclaimAnnotation})"));
        }

        foreach (var condition in node.Conditions)
        {
            if (condition.Type == ReclaimConditionType && condition.Status == "True")
            {
                return new NodeRejection(node.Name, FilterFailure.SpotReclaim, $"spot instance has a reclaim notice (condition {ReclaimConditionType}=True)");
            }
        }

        return null;
    }

    /// <summary>The rejection for a name the node cache does not know (nodeCacheCapable mode).</summary>
    public static NodeRejection UnknownNode(string name) =>
        new(name, FilterFailure.UnknownNode, "node is not in the extender's node cache yet");
}
