using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

/// <summary>Builders of the scheduler's pure inputs.</summary>
internal static class SchedulingFixtures
{
    private const long MiB = 1024 * 1024;

    public static PendingPod Pod(long milliCpu = 1000, long memMiB = 896, IReadOnlyList<RequirementSet>? terms = null, IReadOnlyList<PodToleration>? tolerations = null) =>
        new(new PodReference("default", "p"), new ResourceAmounts(milliCpu, memMiB * MiB, 0, 1), terms ?? [], tolerations ?? []);

    public static NodeSnapshot Node(
        string name = "n1", long milliCpu = 4000, long memMiB = 8192, long pods = 110,
        long usedMilliCpu = 0, long usedMemMiB = 0, long usedPods = 0,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyList<Taint>? taints = null, bool unschedulable = false)
    {
        var used = new ResourceAmounts(usedMilliCpu, usedMemMiB * MiB, 0, usedPods);
        return new NodeSnapshot(name, labels ?? new Dictionary<string, string>(), taints ?? [], unschedulable,
            new ResourceAmounts(milliCpu, memMiB * MiB, 40L * 1024 * MiB, pods), used, used);
    }
}
