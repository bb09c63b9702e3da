using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// A node as kube-scheduler's NodeInfo sees it in one scheduling pass: labels, taints (including
/// the not-ready taint the node lifecycle controller would add), whether it is cordoned, what it
/// can hold and what the pods already bound to it request. <paramref name="NonZeroRequested"/>
/// counts pods without requests at kube-scheduler's scoring defaults (100m CPU, 200 MB).
/// </summary>
public sealed record NodeSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints,
    bool Unschedulable,
    ResourceAmounts Allocatable,
    ResourceAmounts Requested,
    ResourceAmounts NonZeroRequested)
{
    /// <summary>The node with one more pod on it (the scheduler "assumes" a pod it has just bound).</summary>
    public NodeSnapshot WithPod(ResourceAmounts requests) => this with
    {
        Requested = Requested + (requests with { Pods = 1 }),
        NonZeroRequested = NonZeroRequested + NonZeroRequests.Of(requests),
    };
}
