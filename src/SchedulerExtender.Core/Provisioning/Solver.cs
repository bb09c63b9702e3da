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
/// A pod's preferred node affinity counts as required while the pod can be placed with it
/// (<see cref="PodPreferences"/>, as Karpenter).
/// </summary>
public static class Solver
{
    public static LaunchPlan Solve(ProvisioningSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= SolverOptions.Default;
        if (!snapshot.Pods.Any(p => p.Preferences is { Count: > 0 }))
        {
            return SolveOnce(snapshot, catalog, now, options);
        }

        // Preferred node affinity (PodPreferences): solve with each pod's heaviest preference as
        // required; pods that could not be placed drop it for their next and all is solved again,
        // until none is left to drop. Each round relaxes at least one pod, so it ends; the other
        // pods' placements come out as before (the solve is deterministic).
        var from = new Dictionary<PodReference, int>();
        while (true)
        {
            var used = new Dictionary<PodReference, (int Index, int Count)>();
            var pods = new List<PendingPod>(snapshot.Pods.Count);
            foreach (var pod in snapshot.Pods)
            {
                var (tried, index) = PodPreferences.Apply(pod, from.GetValueOrDefault(pod.Pod));
                pods.Add(tried);
                used[pod.Pod] = (index, pod.Preferences?.Count ?? 0);
            }

            var plan = SolveOnce(snapshot with { Pods = pods }, catalog, now, options);
            var relaxed = false;
            foreach (var refused in plan.Unschedulable)
            {
                if (used.TryGetValue(refused.Pod, out var preference) && preference.Index < preference.Count)
                {
                    from[refused.Pod] = preference.Index + 1;
                    relaxed = true;
                }
            }

            if (!relaxed)
            {
                return plan;
            }
        }
    }

    private static LaunchPlan SolveOnce(ProvisioningSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions options)
    {
        var run = new SolveRun(snapshot, catalog, now, options);
        foreach (var group in PodGroup.Build(snapshot))
        {
            run.Place(group);
        }

        return run.ToPlan();
    }
}
