using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A node pool a group may use, under one of the group's affinity terms: the pool's requirements
/// intersected with the term. Built by <see cref="For"/>, which also says why a pool is refused.
/// </summary>
internal sealed class PoolTarget
{
    private PoolTarget(NodePoolState pool, LaunchRequirements requirements)
    {
        Pool = pool;
        Requirements = requirements;
    }

    public NodePoolState Pool { get; }

    public LaunchRequirements Requirements { get; }

    /// <summary>The pool's targets for the group (one per satisfiable term), or the reason there is none.</summary>
    public static (List<PoolTarget> Targets, string? Refusal) For(NodePoolState state, PodGroup group, SolverOptions options)
    {
        var pool = state.Pool;
        if (FirstUntolerated(pool.Taints, group.Tolerations) is { } taint)
        {
            return ([], $"nodepool {pool.Name}: taint {taint.Key}{(taint.Value is null ? "" : "=" + taint.Value)}:{taint.Effect} is not tolerated");
        }

        if (state.DaemonSetHostPorts.FirstOrDefault(d => group.Topology.HostPorts.Any(p => p.ConflictsWith(d))) is { Port: > 0 } taken)
        {
            return ([], $"nodepool {pool.Name}: host port {taken} is taken by a DaemonSet on its nodes");
        }

        var poolSet = pool.RequirementSet();
        var targets = new List<PoolTarget>();
        string? refusal = null;
        foreach (var term in TermsFor(group, options))
        {
            if (FirstConflict(poolSet, term) is { } podReq)
            {
                refusal ??= $"nodepool {pool.Name}: pod requires {podReq} but the pool gives {(poolSet.Get(podReq.Key)?.ToString() ?? $"no {podReq.Key} label")}";
            }
            else
            {
                targets.Add(new PoolTarget(state, new LaunchRequirements(poolSet.Intersect(term))));
            }
        }

        return (targets, targets.Count > 0 ? null : refusal);
    }

    /// <summary>
    /// The first of a pod's requirements (one affinity term) that no node of a pool with
    /// <paramref name="poolSet"/> can meet, or null when some node could meet them all. A label
    /// neither the pool nor the launch sets (zone, instance type, arch, …) will be absent on the node.
    /// </summary>
    public static Requirement? FirstConflict(RequirementSet poolSet, RequirementSet term)
    {
        foreach (var podReq in term.Requirements)
        {
            var nodeSide = poolSet.Get(podReq.Key);
            var merged = nodeSide is not null ? nodeSide.Intersect(podReq)
                : WellKnownLabels.IsDecidedAtLaunch(podReq.Key) ? podReq
                : Requirement.Absent(podReq.Key).Intersect(podReq);
            if (merged.IsUnsatisfiable)
            {
                return podReq;
            }
        }

        return null;
    }

    /// <summary>The first taint that keeps the pods off (PreferNoSchedule never does), or null.</summary>
    public static Taint? FirstUntolerated(IReadOnlyList<Taint> taints, IReadOnlyList<PodToleration> tolerations) =>
        taints.FirstOrDefault(taint => taint.Effect != "PreferNoSchedule" && !tolerations.Any(t => t.Tolerates(taint)));

    /// <summary>The group's terms, with drivers kept off spot when the options say so.</summary>
    public static IEnumerable<RequirementSet> TermsFor(PodGroup group, SolverOptions options)
    {
        if (group.Role != SparkRole.Driver || !options.DriversAvoidSpot)
        {
            return group.Terms;
        }

        var notSpot = Requirement.From(NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue));
        return group.Terms.Select(t => t.With(notSpot));
    }
}
