using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Plans capacity for pending pods. Pure and deterministic: the same snapshot, catalogue, time
/// and options give the same plan, whatever the input order of equal-priced items.
///
/// Per group of identical pods (see <see cref="PodGroup"/>): first onto in-flight claims, then
/// onto claims opened earlier in this solve for the same pool and requirements, then onto new
/// claims. For new claims the highest-weight pools that can host the group are used; every
/// (instance type, best offering per capacity type) gives a node that hosts k pods after ACK's
/// reservation and its pool's DaemonSets, at an expected cost (spot price × interruption penalty, plus
/// the per-node cost such as the system disk).
/// The solver fills whole nodes with the option whose cost per hosted pod is lowest (comparing
/// the few best such options by the total cost of "whole nodes + cheapest node for the rest"),
/// and the rest goes on the cheapest node that fits it. Each claim lists candidate types
/// cheapest first, spot then the on-demand fallback when the pods allow on-demand, honours
/// minValues, and is counted against its pool's limits at the largest candidate's capacity.
/// Pods with node-level rules (host ports, required anti-affinity and DoNotSchedule spread on
/// kubernetes.io/hostname) are never planned onto a node kube-scheduler would keep them off
/// (<see cref="ClaimTopology"/>), so one pass buys every node they need.
/// </summary>
public static class Solver
{
    public static LaunchPlan Solve(ProvisioningSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(catalog);
        var run = new SolveRun(snapshot, catalog, now, options ?? SolverOptions.Default);
        foreach (var group in PodGroup.Build(snapshot))
        {
            run.Place(group);
        }

        return run.ToPlan();
    }
}
