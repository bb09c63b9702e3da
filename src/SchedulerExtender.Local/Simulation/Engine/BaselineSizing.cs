using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// How the baselines are set up for a workload, as a careful operator would: the node group's
/// instance type is the general amd64 type of 4-16 vCPU whose on-demand price buys the
/// workload's CPU- and memory-time most cheaply (and that fits its largest pod); the fixed pool
/// has as many of those nodes as first-fit-decreasing needs for the pods running at the
/// workload's peak (each job running from submission for its duration).
/// </summary>
internal static class BaselineSizing
{
    public static NodeGroup ChooseGroup(Workload workload, IReadOnlyList<InstanceType> types, Func<InstanceType, ResourceAmounts> allocatableOf)
    {
        double cpuWork = 0, memoryWork = 0;
        foreach (var a in workload.Applications)
        {
            cpuWork += a.DurationSeconds * (a.DriverMilliCpu + (a.Executors * a.ExecutorMilliCpu));
            memoryWork += a.DurationSeconds * (a.DriverMemoryMiB + (a.Executors * a.ExecutorMemoryMiB)) * StrategyRun.MiB;
        }

        NodeGroup? best = null;
        var bestCost = double.PositiveInfinity;
        foreach (var type in types.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var offering = type.Offerings.Where(o => o.CapacityType == CapacityType.OnDemand && o.Available)
                .OrderBy(o => o.PricePerHour).ThenBy(o => o.Zone, StringComparer.Ordinal).FirstOrDefault();
            var allocatable = allocatableOf(type);
            if (offering is null || type.Architecture != "amd64" || type.Gpu > 0 || type.Vcpu < 4 || type.Vcpu > 16
                || !workload.Applications.All(a => Fits(allocatable, a)))
            {
                continue;
            }

            var cost = offering.PricePerHour * Math.Max(cpuWork / allocatable.MilliCpu, memoryWork / allocatable.MemoryBytes);
            if (cost < bestCost)
            {
                (best, bestCost) = (new NodeGroup(type, offering), cost);
            }
        }

        return best ?? throw new ArgumentException("no amd64 instance type of 4-16 vCPU with an on-demand offering fits the workload's largest pod");
    }

    /// <summary>Nodes of <paramref name="allocatable"/> that the pods running at the CPU peak, and at the memory peak, need.</summary>
    public static int PeakNodes(Workload workload, ResourceAmounts allocatable)
    {
        var apps = workload.Applications;
        double cpuPeakAt = 0, memoryPeakAt = 0, cpuPeak = -1, memoryPeak = -1;
        var changes = apps.SelectMany(a => new[] { (Time: a.SubmitSeconds, App: a, Sign: 1), (Time: a.SubmitSeconds + a.DurationSeconds, App: a, Sign: -1) })
            .OrderBy(c => c.Time).ThenBy(c => c.Sign);
        double cpu = 0, memory = 0;
        foreach (var (time, app, sign) in changes)
        {
            cpu += sign * (app.DriverMilliCpu + (app.Executors * app.ExecutorMilliCpu));
            memory += sign * (app.DriverMemoryMiB + (app.Executors * app.ExecutorMemoryMiB));
            if (cpu > cpuPeak)
            {
                (cpuPeak, cpuPeakAt) = (cpu, time);
            }

            if (memory > memoryPeak)
            {
                (memoryPeak, memoryPeakAt) = (memory, time);
            }
        }

        return Math.Max(1, Math.Max(Pack(RunningAt(apps, cpuPeakAt), allocatable), Pack(RunningAt(apps, memoryPeakAt), allocatable)));
    }

    private static List<ResourceAmounts> RunningAt(IReadOnlyList<SparkApplication> apps, double time)
    {
        var pods = new List<ResourceAmounts>();
        foreach (var a in apps.Where(a => a.SubmitSeconds <= time && time < a.SubmitSeconds + a.DurationSeconds))
        {
            pods.Add(new ResourceAmounts(a.DriverMilliCpu, a.DriverMemoryMiB * StrategyRun.MiB, 0, 1));
            pods.AddRange(Enumerable.Repeat(new ResourceAmounts(a.ExecutorMilliCpu, a.ExecutorMemoryMiB * StrategyRun.MiB, 0, 1), a.Executors));
        }

        return pods;
    }

    private static int Pack(List<ResourceAmounts> pods, ResourceAmounts allocatable)
    {
        var bins = new List<ResourceAmounts>();
        foreach (var pod in pods.OrderByDescending(p => p.MilliCpu).ThenByDescending(p => p.MemoryBytes))
        {
            var index = bins.FindIndex(b => b.CopiesOf(pod) >= 1);
            if (index < 0)
            {
                bins.Add(allocatable);
                index = bins.Count - 1;
            }

            bins[index] -= pod;
        }

        return bins.Count;
    }

    private static bool Fits(ResourceAmounts allocatable, SparkApplication a) =>
        allocatable.CopiesOf(new ResourceAmounts(a.DriverMilliCpu, a.DriverMemoryMiB * StrategyRun.MiB, 0, 1)) >= 1
        && allocatable.CopiesOf(new ResourceAmounts(a.ExecutorMilliCpu, a.ExecutorMemoryMiB * StrategyRun.MiB, 0, 1)) >= 1;
}
