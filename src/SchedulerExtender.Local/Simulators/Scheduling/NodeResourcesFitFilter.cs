using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// The NodeResourcesFit plugin's filter: one more pod slot, and for each resource the pod requests,
/// the request within allocatable minus what the node's pods already request. Every short resource
/// is a reason, as kube-scheduler lists them all.
/// </summary>
public sealed class NodeResourcesFitFilter : IFilterPredicate
{
    public string Name => "NodeResourcesFit";

    public IReadOnlyList<string> Check(PendingPod pod, NodeSnapshot node)
    {
        var reasons = new List<string>();
        var free = node.Allocatable - node.Requested;
        if (free.Pods < 1)
        {
            reasons.Add("Too many pods");
        }

        var request = pod.Requests;
        if (request.MilliCpu > 0 && request.MilliCpu > free.MilliCpu)
        {
            reasons.Add("Insufficient cpu");
        }

        if (request.MemoryBytes > 0 && request.MemoryBytes > free.MemoryBytes)
        {
            reasons.Add("Insufficient memory");
        }

        if (request.EphemeralStorageBytes > 0 && request.EphemeralStorageBytes > free.EphemeralStorageBytes)
        {
            reasons.Add("Insufficient ephemeral-storage");
        }

        return reasons;
    }
}
