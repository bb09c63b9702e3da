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

    /// <summary>Distinct label values whose messages are kept; more are formatted each time.</summary>
    private const int MaxRememberedMessages = 64;

    // A Spark executor under policy 'spot' fails every on-demand node of a large cluster on every
    // call: the message depends only on the node's capacity-type value, so it is made once per value.
    private readonly ConcurrentDictionary<(FilterFailure, string?), string> messages = new();

    // The message asked for last: in one call every rejected node usually has the same label value,
    // and comparing that short value is much cheaper than hashing the key into the dictionary.
    private volatile RememberedMessage? lastMessage;

    public NodeRejection? Check(SparkGuard guard, NodeInfo node)
    {
        if (guard == SparkGuard.None)
        {
            return null;
        }

        var isSpot = spotRule.CapacityTypeOf(node) == CapacityType.Spot;
        if (guard == SparkGuard.OnDemandOnly && isSpot)
        {
            return new NodeRejection(node.Name, FilterFailure.DriverOnSpot, Message(FilterFailure.DriverOnSpot, node.Label(spotRule.CapacityTypeLabel)));
        }

        if (guard == SparkGuard.SpotOnly && !isSpot)
        {
            return new NodeRejection(node.Name, FilterFailure.ExecutorNeedsSpot, Message(FilterFailure.ExecutorNeedsSpot, node.Label(spotRule.CapacityTypeLabel)));
        }

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

    private string Message(FilterFailure failure, string? capacityType)
    {
        if (lastMessage is { } last && last.Failure == failure && string.Equals(last.CapacityType, capacityType, StringComparison.Ordinal))
        {
            return last.Message;
        }

        if (!messages.TryGetValue((failure, capacityType), out var message))
        {
            message = failure == FilterFailure.DriverOnSpot
                ? $"Spark driver must not run on spot capacity (node label {spotRule.CapacityTypeLabel}={capacityType})"
                : $"executor policy 'spot' requires a spot node; node label {spotRule.CapacityTypeLabel}={capacityType ?? "<unset>"}";
            if (messages.Count < MaxRememberedMessages)
            {
                messages.TryAdd((failure, capacityType), message);
            }
        }

        lastMessage = new RememberedMessage(failure, capacityType, message);
        return message;
    }

    private sealed record RememberedMessage(FilterFailure Failure, string? CapacityType, string Message);

    /// <summary>The rejection for a name the node cache does not know (nodeCacheCapable mode).</summary>
    public static NodeRejection UnknownNode(string name) =>
        new(name, FilterFailure.UnknownNode, "node is not in the extender's node cache yet");
}
