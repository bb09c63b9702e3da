using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a new node of a pool gives up to DaemonSets before any pending pod lands on it, decided
/// as Karpenter does for each NodeClaim template: a DaemonSet counts when its pod tolerates the
/// pool's taints and one of its affinity terms is compatible with the pool's labels and
/// requirements — could match some node of the pool. Startup taints are not checked: they are
/// removed once the node is initialized (often by a DaemonSet), so they decide nothing about what runs there. Labels
/// decided at launch (zone, instance type, arch, capacity type when the pool leaves it open) are
/// compatible with any value; a label the pool never sets will be absent, so a DaemonSet that
/// needs it (a GPU driver selecting <c>gpu=true</c>) does not count. The same test the solver
/// applies to pending pods (<see cref="PoolTarget"/>), so a DaemonSet counts exactly where a
/// pending pod with its constraints would be placed.
/// </summary>
public static class DaemonSetOverhead
{
    /// <summary>The summed requests, one pod slot each, of the DaemonSets that would run on a new node of <paramref name="pool"/>.</summary>
    public static ResourceAmounts For(NodePool pool, IEnumerable<DaemonSetPod> daemonSets)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var poolSet = pool.RequirementSet();
        var total = ResourceAmounts.Zero;
        foreach (var daemonSet in daemonSets)
        {
            if (RunsOn(pool, poolSet, daemonSet))
            {
                total += daemonSet.Requests with { Pods = 1 };
            }
        }

        return total;
    }

    /// <summary>The host ports of the DaemonSets that would run on a new node of <paramref name="pool"/>.</summary>
    public static IReadOnlyList<HostPort> HostPortsFor(NodePool pool, IEnumerable<DaemonSetPod> daemonSets)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var poolSet = pool.RequirementSet();
        return [.. daemonSets.Where(d => d.HostPorts is { Count: > 0 } && RunsOn(pool, poolSet, d)).SelectMany(d => d.HostPorts!).Distinct()];
    }

    /// <summary>True when the DaemonSet would run a pod on a new node of <paramref name="pool"/>.</summary>
    public static bool RunsOn(NodePool pool, DaemonSetPod daemonSet)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return RunsOn(pool, pool.RequirementSet(), daemonSet);
    }

    private static bool RunsOn(NodePool pool, RequirementSet poolSet, DaemonSetPod daemonSet)
    {
        if (PoolTarget.FirstUntolerated(pool.Taints, daemonSet.Tolerations) is not null)
        {
            return false;
        }

        if (daemonSet.RequirementTerms.Count == 0)
        {
            return true;
        }

        foreach (var term in daemonSet.RequirementTerms)
        {
            if (PoolTarget.FirstConflict(poolSet, term) is null)
            {
                return true;
            }
        }

        return false;
    }
}
