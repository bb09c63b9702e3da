using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Capacity from the provisioner's Core solver: pending pods, the booting nodes as in-flight
/// claims (room left after the pods already nominated to them) and the NodePools with their
/// usage go to <see cref="Solver.Solve"/>; pods it puts on in-flight claims are nominated there,
/// each new claim launches its first candidate (the simulator has no stock-outs), and its pods are
/// nominated to the new node.
/// </summary>
internal sealed class SolverProvisioner(SolverOptions options) : IProvisioner
{
    public void Start(StrategyRun run)
    {
    }

    public void Provision(StrategyRun run, List<SimPod> pods)
    {
        var config = run.Input.Config;
        var inFlight = new List<InFlightClaim>();
        var inUse = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var node in run.Nodes)
        {
            if (node.NodePool is null)
            {
                continue;
            }

            inUse[node.NodePool] = inUse.GetValueOrDefault(node.NodePool) + Capacity(node);
            if (!node.Ready)
            {
                inFlight.Add(new InFlightClaim(node.Name, node.NodePool, node.Info.Labels, [], node.Free - node.Nominated));
            }
        }

        var pools = config.NodePools
            .Select(p => new NodePoolState(p, inUse.GetValueOrDefault(p.Name), run.Shape.EphemeralStorageBytes) { DaemonSetOverhead = run.Shape.DaemonSetOverhead, Kubelet = run.Shape.NodeClass?.Kubelet })
            .ToList();
        var pending = pods.Select(p => new PendingPod(p.Reference, p.Template.Requests, p.Template.Terms, p.Template.Tolerations, p.Role)).ToList();
        var plan = Solver.Solve(new ProvisioningSnapshot(pending, inFlight, pools, run.Unavailable), run.Types, run.Clock, options);

        var byReference = pods.ToDictionary(p => p.Reference);
        foreach (var placement in plan.OnInFlight)
        {
            run.Nominate(byReference[placement.Pod], run.NodeByName(placement.ClaimName)!);
        }

        foreach (var claim in plan.NewClaims)
        {
            var candidate = claim.Candidates[0];
            var pool = config.NodePools.First(p => p.Name == claim.NodePool);
            var node = run.Launch(run.TypesByName[candidate.InstanceType], candidate.Offering, pool);
            foreach (var pod in claim.Pods)
            {
                run.Nominate(byReference[pod], node);
            }
        }

        foreach (var unschedulable in plan.Unschedulable)
        {
            byReference[unschedulable.Pod].Unschedulable = true;
        }
    }

    /// <summary>A node's full size, as pool limits count it.</summary>
    public static ResourceAmounts Capacity(SimNode node) =>
        new((long)Math.Round(node.Type.Vcpu * 1000), (long)(node.Type.MemoryMiB * StrategyRun.MiB), 0, 0);
}
