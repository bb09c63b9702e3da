using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// A node with what the extender's filter and scorer read of it worked out once: its capacity type
/// by a <see cref="SpotNodeRule"/>, the filter's rejections (for a pod that may not use that
/// capacity type, and for any Spark pod when the node is going away) and, per price-source version,
/// its price. The node cache makes one per node version and keeps it, so that a call over thousands
/// of names reads one small object per node rather than its labels, taints, annotations, conditions
/// and offering again: at 5,000 nodes such a call is bound by memory reads, most of them cache
/// misses once HTTPS and the client have run in between, not by arithmetic. A full node list,
/// parsed afresh on every call, makes them per call.
/// </summary>
public sealed class CachedNode
{
    private volatile NodePrice? price;
    private volatile NodeUsageCell? usage;
    private NodeRejection? capacityMismatch;

    public CachedNode(NodeInfo info, SpotNodeRule spotRule)
    {
        Info = info;
        Name = info.Name;
        Allocatable = info.Allocatable;
        SpotRule = spotRule;
        CapacityType = spotRule.CapacityTypeOf(info);
        Leaving = NodeFilter.Leaving(info);
    }

    public NodeInfo Info { get; }

    public string Name { get; }

    /// <summary>The node's allocatable resources (as <see cref="NodeInfo.Allocatable"/>), read here without visiting the node.</summary>
    public ResourceAmounts? Allocatable { get; }

    /// <summary>The rule <see cref="CapacityType"/> and <see cref="CapacityMismatch"/> were worked out by.</summary>
    public SpotNodeRule SpotRule { get; }

    public CapacityType CapacityType { get; }

    /// <summary>
    /// The filter's answer for a pod that may not use this node's capacity type: a driver on spot, a
    /// spot-only executor elsewhere. Made when first asked for (a full node list scored for a pod
    /// never asks): two threads asking at once may each make one, equal, and either is kept.
    /// </summary>
    public NodeRejection CapacityMismatch => capacityMismatch ??= NodeFilter.CapacityMismatch(Info, SpotRule, CapacityType);

    /// <summary>The filter's answer for any Spark pod while the node is going away (disruption taint, reclaim notice); null while it is not.</summary>
    public NodeRejection? Leaving { get; }

    /// <summary>The price found for this node in price-source version <paramref name="version"/>, or null when none was kept for it.</summary>
    internal NodePrice? PriceIn(object version) => price is { } known && ReferenceEquals(known.Version, version) ? known : null;

    internal void Remember(NodePrice found) => price = found;

    /// <summary>The requests of the pods on this node by <paramref name="source"/>, through the cell it keeps for the node when it keeps one.</summary>
    internal ResourceAmounts? RequestedBy(INodeUsage source)
    {
        if (usage is not { IsRetired: false } cell || !ReferenceEquals(cell.Source, source))
        {
            if (source.CellOf(Name) is not { } found)
            {
                return source.Requested(Name);
            }

            usage = cell = found;
        }

        return cell.Requested;
    }
}
