using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// kube-scheduler scores a pod that requests no CPU or memory as if it asked for 100m and 200 MB
/// (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest), so empty pods still spread. It
/// applies this per container; applying it to the pod's total is the same for one-container pods
/// (every Spark pod) and a documented simplification otherwise.
/// </summary>
public static class NonZeroRequests
{
    public const long DefaultMilliCpu = 100;
    public const long DefaultMemoryBytes = 200L * 1024 * 1024;

    public static ResourceAmounts Of(ResourceAmounts requests) => new(
        requests.MilliCpu == 0 ? DefaultMilliCpu : requests.MilliCpu,
        requests.MemoryBytes == 0 ? DefaultMemoryBytes : requests.MemoryBytes,
        0,
        1);
}
