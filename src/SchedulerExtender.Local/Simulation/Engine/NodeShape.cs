using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// What every node of a run has in common: the DaemonSet pods it runs, its system disk (size
/// for ephemeral storage, price per hour from the node class), its kubelet reservation and so the
/// room it leaves Spark pods.
/// </summary>
internal sealed class NodeShape
{
    public NodeShape(SimulationInput input)
    {
        var options = input.Options;
        DaemonSetOverhead = new ResourceAmounts(options.DaemonSetMilliCpu, options.DaemonSetMemoryMiB * StrategyRun.MiB, 0, options.DaemonSetPods);
        var config = input.Config;
        NodeClass = config.NodePools.Count > 0 ? config.NodeClassFor(config.NodePools[0]) : config.NodeClasses.FirstOrDefault();
        CostPerHour = SystemDiskPrices.PerNodeHour(NodeClass?.SystemDisk);
        EphemeralStorageBytes = (NodeClass?.SystemDisk?.SizeGiB ?? SystemDiskPrices.DefaultSizeGiB) * 1024L * StrategyRun.MiB;
        Reservation = NodeReservation.Ack.WithKubelet(NodeClass?.Kubelet);
    }

    public Core.Config.EcsNodeClass? NodeClass { get; }

    public ResourceAmounts DaemonSetOverhead { get; }

    /// <summary>What every node costs per hour besides its instance: the node class's system disk.</summary>
    public double CostPerHour { get; }

    public long EphemeralStorageBytes { get; }

    /// <summary>What a node keeps for itself: ACK's reservation under the node class's kubeletConfiguration, as the solver plans it.</summary>
    public NodeReservation Reservation { get; }

    /// <summary>What a fresh node of the type offers Spark pods: its allocatable less the DaemonSets.</summary>
    public ResourceAmounts AllocatableOf(InstanceType type) =>
        Reservation.Allocatable(type, EphemeralStorageBytes) - DaemonSetOverhead;
}
