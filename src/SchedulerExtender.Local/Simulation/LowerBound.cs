using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Local.Simulation.Engine;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// The floor nothing can beat: every pod's run time (its application's duration) × the cheapest
/// hourly price at which its requests can be bought — over every offering the NodePools allow,
/// price × max(CPU request / vCPU, memory request / memory) — drivers on on-demand offerings,
/// executors on spot. No packing loss, no boot time, no reservation, no disks.
/// </summary>
public static class LowerBound
{
    public static double Cost(Workload workload, IReadOnlyList<InstanceType> types, ProvisioningConfig config)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var cache = new Dictionary<(CapacityType, long, long), double>();
        double total = 0;
        foreach (var app in workload.Applications)
        {
            var driver = Rate(CapacityType.OnDemand, app.DriverMilliCpu, app.DriverMemoryMiB, types, config, cache);
            var executor = Rate(CapacityType.Spot, app.ExecutorMilliCpu, app.ExecutorMemoryMiB, types, config, cache);
            total += app.DurationSeconds / 3600 * (driver + (app.Executors * executor));
        }

        return total;
    }

    /// <summary>The cheapest price per hour of a pod's share of any allowed offering of that capacity type (0 when none is sold).</summary>
    public static double Rate(CapacityType capacityType, long milliCpu, long memoryMiB, IReadOnlyList<InstanceType> types, ProvisioningConfig config)
        => Rate(capacityType, milliCpu, memoryMiB, types, config, []);

    private static double Rate(CapacityType capacityType, long milliCpu, long memoryMiB, IReadOnlyList<InstanceType> types, ProvisioningConfig config,
        Dictionary<(CapacityType, long, long), double> cache)
    {
        if (cache.TryGetValue((capacityType, milliCpu, memoryMiB), out var cached))
        {
            return cached;
        }

        var pools = config.NodePools.Select(p => (Pool: p, Set: p.RequirementSet())).ToList();
        var best = double.PositiveInfinity;
        foreach (var type in types)
        {
            if (type.Vcpu <= 0 || type.MemoryMiB <= 0)
            {
                continue;
            }

            var share = Math.Max(milliCpu / 1000.0 / type.Vcpu, memoryMiB / type.MemoryMiB);
            foreach (var offering in type.Offerings)
            {
                if (offering.CapacityType == capacityType && offering.Available && offering.PricePerHour * share < best
                    && (pools.Count == 0 || pools.Any(p => p.Set.Matches(OfferingLabels.For(type, offering, p.Pool)))))
                {
                    best = offering.PricePerHour * share;
                }
            }
        }

        var rate = double.IsPositiveInfinity(best) ? 0 : best;
        cache[(capacityType, milliCpu, memoryMiB)] = rate;
        return rate;
    }
}
