using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// The summed requests of the pods already bound to a node. kube-scheduler does not send these
/// to extenders, so they come from a pod cache. When unknown, the scorer falls back to fitting
/// against allocatable alone (it then prefers the smallest node that holds the pod).
/// </summary>
public interface INodeUsage
{
    /// <summary>Requests of the pods on the node, or null when unknown.</summary>
    ResourceAmounts? Requested(string nodeName);

    /// <summary>
    /// A cell the source keeps up to date with the node's requests, for callers that keep the node
    /// between calls; null when the source keeps none or knows nothing yet (then ask
    /// <see cref="Requested"/>).
    /// </summary>
    NodeUsageCell? CellOf(string nodeName) => null;
}
