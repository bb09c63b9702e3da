using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Cluster Autoscaler's scale-up for one node group of one on-demand instance type: pending
/// pods are first-fit onto the room left on booting nodes, then onto as many new nodes as they
/// need (CA's binpacking estimator); pods bigger than an empty node are unschedulable. Each
/// scale-up is remembered for <see cref="NodeGroupScaleDown"/>'s scale-down-delay-after-add.
/// </summary>
internal sealed class NodeGroupProvisioner(NodeGroup group) : IProvisioner
{
    public double LastScaleUp { get; private set; } = double.NegativeInfinity;

    public void Start(StrategyRun run)
    {
    }

    public void Provision(StrategyRun run, List<SimPod> pods)
    {
        var bins = new List<(SimNode Node, ResourceAmounts Room)>();
        foreach (var node in run.Nodes)
        {
            if (!node.Ready)
            {
                bins.Add((node, node.Free - node.Nominated));
            }
        }

        var empty = run.Shape.AllocatableOf(group.Type);
        foreach (var pod in pods.OrderByDescending(p => p.Template.Requests.MilliCpu).ThenByDescending(p => p.Template.Requests.MemoryBytes))
        {
            var request = pod.Template.Requests;
            if (empty.CopiesOf(request) < 1)
            {
                pod.Unschedulable = true;
                continue;
            }

            var index = bins.FindIndex(b => b.Room.CopiesOf(request) >= 1);
            if (index < 0)
            {
                bins.Add((run.Launch(group.Type, group.Offering, pool: null), empty));
                index = bins.Count - 1;
                LastScaleUp = run.Now;
            }

            run.Nominate(pod, bins[index].Node);
            bins[index] = (bins[index].Node, bins[index].Room - request);
        }
    }
}
