using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// The NodeResourcesFit plugin's default score, LeastAllocated: for CPU and memory (weight 1 each)
/// the share of allocatable left free once the pod is placed, 0..100, averaged with integer
/// arithmetic as kube-scheduler does; requests use the non-zero defaults.
/// </summary>
public static class LeastAllocatedScorer
{
    public const long MaxNodeScore = 100;

    public static long Score(PendingPod pod, NodeSnapshot node)
    {
        var requested = node.NonZeroRequested + NonZeroRequests.Of(pod.Requests);
        var cpu = Free(requested.MilliCpu, node.Allocatable.MilliCpu);
        var memory = Free(requested.MemoryBytes, node.Allocatable.MemoryBytes);
        return (cpu + memory) / 2;
    }

    private static long Free(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * MaxNodeScore / capacity;
}
