using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Local.Simulation.Engine;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// A floor no schedule under the same NodePools and ECSNodeClass can go below (Simulation/README.md
/// gives the argument). A node costs (instance price + system disk) per hour and offers its
/// allocatable (ACK's reservation and the DaemonSets taken off). For any weight α in [0, 1], the
/// pods on one node at one instant satisfy Σ α·cpu/cpu_alloc + (1−α)·mem/mem_alloc ≤ 1, so the
/// node's cost covers Σ cost × that weighted share; pricing every pod at the cheapest offering it
/// fits on bounds every schedule from below, for each α separately. The bound is the best of
/// those α bounds (the maximum of the sums, not the sum of per-pod maxima, which is no bound).
/// Drivers are priced on on-demand offerings only (the product never puts them on spot),
/// executors on any capacity type the NodePools allow. Run time: an executor runs at least its
/// share of the application's work (executors × duration executor-seconds in all), a driver at
/// least the duration. The same argument with whole pods (<see cref="WholePodPrices"/>: no node
/// holds a set of whole pods worth more than it costs) tightens it; the higher of the two is
/// returned. No boot time, no idle node, no timing.
/// </summary>
public static class LowerBound
{
    /// <summary>The weights α tried: 0, 1/Steps, …, 1. Every one gives a valid bound; more steps only tighten it.</summary>
    public const int AlphaSteps = 200;

    public static double Cost(SimulationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = new NodeShape(input);
        return Cost(input.Workload, input.Catalog.TypesIn(input.Region), input.Config, shape.AllocatableOf, shape.CostPerHour);
    }

    /// <param name="allocatableOf">What a node of the type offers the workload's pods.</param>
    /// <param name="nodeCostPerHour">What every node costs besides its instance (the system disk).</param>
    public static double Cost(Workload workload, IReadOnlyList<InstanceType> types, ProvisioningConfig config,
        Func<InstanceType, ResourceAmounts> allocatableOf, double nodeCostPerHour)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(allocatableOf);

        // Pod-seconds by pod shape: the workload has few shapes and many pods.
        var demand = new Dictionary<PodShape, double>();
        foreach (var app in workload.Applications)
        {
            var driver = new PodShape(true, app.DriverMilliCpu, app.DriverMemoryMiB);
            var executor = new PodShape(false, app.ExecutorMilliCpu, app.ExecutorMemoryMiB);
            demand[driver] = demand.GetValueOrDefault(driver) + app.DurationSeconds;
            demand[executor] = demand.GetValueOrDefault(executor) + (app.Executors * app.DurationSeconds);
        }

        var nodes = NodeOptions(types, config, allocatableOf, nodeCostPerHour);
        var shapes = demand.Keys.OrderBy(k => k.Driver).ThenBy(k => k.MilliCpu).ThenBy(k => k.MemoryMiB).ToArray();
        var hours = shapes.Select(k => demand[k] / 3600).ToArray();
        var best = 0d;
        var bestAlpha = 0d;
        for (var step = 0; step <= AlphaSteps; step++)
        {
            var alpha = (double)step / AlphaSteps;
            var total = 0d;
            for (var i = 0; i < shapes.Length; i++)
            {
                total += hours[i] * Rate(shapes[i], alpha, nodes);
            }

            if (total > best)
            {
                (best, bestAlpha) = (total, alpha);
            }
        }

        // The same argument with whole pods: prices y per pod shape such that no node can hold a
        // set of whole pods worth more than the node costs. The best α's prices are such prices
        // (fractional shares are a looser limit than whole pods), so this only raises the floor.
        var start = shapes.Select(k => Rate(k, bestAlpha, nodes)).ToArray();
        return Math.Max(best, new WholePodPrices(shapes, hours, nodes).Bound(start));
    }

    /// <summary>
    /// The cheapest cost per hour of a pod's α-weighted share of a node it fits on: over the
    /// offerings of <paramref name="nodes"/> (on-demand only for drivers), (price + node cost) ×
    /// (α·cpu/cpu allocatable + (1−α)·memory/memory allocatable). Zero when it fits nowhere (the
    /// workload cannot run; nothing to bound).
    /// </summary>
    private static double Rate(PodShape pod, double alpha, IReadOnlyList<NodeOption> nodes)
    {
        var best = double.PositiveInfinity;
        foreach (var node in nodes)
        {
            if ((pod.Driver && node.CapacityType != CapacityType.OnDemand) || pod.MilliCpu > node.MilliCpu || pod.MemoryMiB > node.MemoryMiB)
            {
                continue;
            }

            var share = (alpha * pod.MilliCpu / node.MilliCpu) + ((1 - alpha) * pod.MemoryMiB / node.MemoryMiB);
            best = Math.Min(best, node.CostPerHour * share);
        }

        return double.IsPositiveInfinity(best) ? 0 : best;
    }

    /// <summary>Per instance type and capacity type, the cheapest offering some NodePool allows, with the node's allocatable.</summary>
    private static List<NodeOption> NodeOptions(IReadOnlyList<InstanceType> types, ProvisioningConfig config,
        Func<InstanceType, ResourceAmounts> allocatableOf, double nodeCostPerHour)
    {
        var pools = config.NodePools.Select(p => (Pool: p, Set: p.RequirementSet())).ToList();
        var options = new List<NodeOption>();
        foreach (var type in types)
        {
            var allocatable = allocatableOf(type);
            if (allocatable.MilliCpu <= 0 || allocatable.MemoryBytes <= 0)
            {
                continue;
            }

            foreach (var capacityType in (CapacityType[])[CapacityType.OnDemand, CapacityType.Spot])
            {
                var price = type.Offerings
                    .Where(o => o.CapacityType == capacityType && o.Available
                        && (pools.Count == 0 || pools.Any(p => p.Set.Matches(OfferingLabels.For(type, o, p.Pool)))))
                    .Select(o => (double?)o.PricePerHour)
                    .Min();
                if (price is { } p && allocatable.Pods > 0)
                {
                    options.Add(new NodeOption(capacityType, p + nodeCostPerHour, allocatable.MilliCpu, allocatable.MemoryBytes / (1024.0 * 1024.0), allocatable.Pods));
                }
            }
        }

        return options;
    }

    internal readonly record struct PodShape(bool Driver, long MilliCpu, long MemoryMiB);

    internal readonly record struct NodeOption(CapacityType CapacityType, double CostPerHour, long MilliCpu, double MemoryMiB, long Pods);
}
