using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Integrates cost, node-hours and utilisation over virtual time from running totals (O(1) per
/// time step, whatever the cluster size), and counts what the report needs about pods and jobs.
/// </summary>
internal sealed class RunMeter
{
    private readonly List<double> pendingSeconds = [];
    private readonly List<TimeSample> samples = [];
    private double pricePerHour;
    private double spotPricePerHour;
    private int nodes;
    private int spotNodes;
    private double allocatableCpu;
    private double allocatableMemory;
    private double requestedCpu;
    private double requestedMemory;
    private double cpuAllocatedSeconds;
    private double cpuRequestedSeconds;
    private double memoryAllocatedSeconds;
    private double memoryRequestedSeconds;

    public double Cost { get; private set; }

    public double SpotCost { get; private set; }

    public double NodeSeconds { get; private set; }

    public int NodesLaunched { get; private set; }

    public int Nodes => nodes;

    public int Interruptions { get; set; }

    public int DriverRestarts { get; set; }

    public double WorkLost { get; set; }

    public int JobsCompleted { get; private set; }

    public int DriversOnSpot { get; private set; }

    public int ExecutorsOnSpot { get; private set; }

    public int ExecutorsTotal { get; private set; }

    public int PodsCreated { get; private set; }

    public IReadOnlyList<TimeSample> Samples => samples;

    public double CpuUtilization => cpuAllocatedSeconds > 0 ? cpuRequestedSeconds / cpuAllocatedSeconds : 0;

    public double MemoryUtilization => memoryAllocatedSeconds > 0 ? memoryRequestedSeconds / memoryAllocatedSeconds : 0;

    public void Integrate(double seconds)
    {
        Cost += pricePerHour * seconds / 3600;
        SpotCost += spotPricePerHour * seconds / 3600;
        NodeSeconds += nodes * seconds;
        cpuAllocatedSeconds += allocatableCpu * seconds;
        cpuRequestedSeconds += requestedCpu * seconds;
        memoryAllocatedSeconds += allocatableMemory * seconds;
        memoryRequestedSeconds += requestedMemory * seconds;
    }

    public void Launched(SimNode node) => Change(node, +1);

    public void Removed(SimNode node) => Change(node, -1);

    public void Created(SimPod pod) => PodsCreated++;

    public void Bound(SimPod pod, SimNode node, double now)
    {
        pendingSeconds.Add(now - pod.CreatedAt);
        requestedCpu += pod.Template.Requests.MilliCpu;
        requestedMemory += pod.Template.Requests.MemoryBytes;
        var spot = node.CapacityType == CapacityType.Spot;
        if (pod.Role == SparkRole.Driver)
        {
            DriversOnSpot += spot ? 1 : 0;
        }
        else
        {
            ExecutorsTotal++;
            ExecutorsOnSpot += spot ? 1 : 0;
        }
    }

    public void Unbound(SimPod pod, SimNode node)
    {
        requestedCpu -= pod.Template.Requests.MilliCpu;
        requestedMemory -= pod.Template.Requests.MemoryBytes;
    }

    public void JobCompleted(SimApp app) => JobsCompleted++;

    public void Sample(double now) => samples.Add(new TimeSample(now, Cost, spotNodes, nodes - spotNodes,
        allocatableCpu > 0 ? requestedCpu / allocatableCpu : 0, allocatableMemory > 0 ? requestedMemory / allocatableMemory : 0));

    /// <summary>The pending time below which a fraction <paramref name="q"/> of bound pods waited (nearest rank).</summary>
    public double PendingPercentile(double q)
    {
        if (pendingSeconds.Count == 0)
        {
            return 0;
        }

        pendingSeconds.Sort();
        var rank = (int)Math.Ceiling(q * pendingSeconds.Count) - 1;
        return pendingSeconds[Math.Clamp(rank, 0, pendingSeconds.Count - 1)];
    }

    private void Change(SimNode node, int sign)
    {
        nodes += sign;
        NodesLaunched += sign > 0 ? 1 : 0;
        pricePerHour += sign * node.PricePerHour;
        allocatableCpu += sign * node.Allocatable.MilliCpu;
        allocatableMemory += sign * node.Allocatable.MemoryBytes;
        if (node.CapacityType == CapacityType.Spot)
        {
            spotNodes += sign;
            spotPricePerHour += sign * node.PricePerHour;
        }

        if (nodes == 0)
        {
            // No drift from adding and subtracting doubles: an empty cluster costs exactly nothing.
            (pricePerHour, spotPricePerHour, allocatableCpu, allocatableMemory) = (0, 0, 0, 0);
        }
    }
}
