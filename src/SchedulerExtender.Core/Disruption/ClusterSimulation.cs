using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Asks the solver "where would these nodes' pods go without them?". The other nodes and the
/// claims still launching are in-flight capacity, after the pods already pending have taken the
/// room the solver would give them (consolidation must not steal it). Only ready nodes that are
/// not going away host pods. A pending pod the solver would put on a node that is removed must
/// find room elsewhere too.
/// </summary>
internal sealed class ClusterSimulation
{
    private readonly ClusterSnapshot snapshot;
    private readonly IReadOnlyList<InstanceType> catalog;
    private readonly DateTimeOffset now;
    private readonly SolverOptions solverOptions;
    private readonly List<InFlightClaim> hosts;
    private readonly Dictionary<string, List<PendingPod>> pendingOn = new(StringComparer.Ordinal);
    private readonly Dictionary<PodReference, ResourceAmounts> requests = [];

    public ClusterSimulation(ClusterSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions solverOptions)
    {
        this.snapshot = snapshot;
        this.catalog = catalog;
        this.now = now;
        this.solverOptions = solverOptions;
        hosts = [.. snapshot.Nodes
            .Where(n => n.Ready && !n.Disrupting && n.ReclaimNoticeAt is null)
            .Select(n => new InFlightClaim(n.Name, n.NodePool, n.EffectiveLabels(), n.Taints, n.Remaining()))
            .Concat(snapshot.Launching)];
        foreach (var pod in snapshot.Nodes.SelectMany(n => n.Pods).Select(p => p.ToPendingPod()).Concat(snapshot.PendingPods))
        {
            requests[pod.Pod] = pod.Requests with { Pods = 1 };
        }

        if (snapshot.PendingPods.Count > 0)
        {
            var plan = Solve(snapshot.PendingPods, [], []);
            Consume(plan);
            var byPod = snapshot.PendingPods.DistinctBy(p => p.Pod).ToDictionary(p => p.Pod);
            foreach (var placement in plan.OnInFlight)
            {
                if (!pendingOn.TryGetValue(placement.ClaimName, out var list))
                {
                    pendingOn[placement.ClaimName] = list = [];
                }

                list.Add(byPod[placement.Pod]);
            }
        }
    }

    /// <summary>True when the solver would put a pending pod on one of these nodes.</summary>
    public bool HostsPending(IEnumerable<ClusterNode> nodes) => nodes.Any(n => pendingOn.ContainsKey(n.Name));

    /// <summary>Where the pods of <paramref name="removed"/> would go, with more offerings ruled out.</summary>
    public LaunchPlan Simulate(IReadOnlyCollection<ClusterNode> removed, IReadOnlyList<UnavailableOffering> alsoUnavailable)
    {
        var names = removed.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var pods = removed.SelectMany(n => n.Pods).Where(p => p.NeedsHome).Select(p => p.ToPendingPod()).ToList();
        pods.AddRange(names.SelectMany(n => pendingOn.GetValueOrDefault(n) ?? []));
        return Solve(pods, names, alsoUnavailable);
    }

    /// <summary>Takes the room a plan's in-flight placements use, so later simulations do not count it twice.</summary>
    public void Consume(LaunchPlan plan)
    {
        foreach (var placement in plan.OnInFlight)
        {
            var i = hosts.FindIndex(h => h.Name == placement.ClaimName);
            if (i >= 0 && requests.TryGetValue(placement.Pod, out var used))
            {
                hosts[i] = hosts[i] with { Remaining = hosts[i].Remaining - used };
            }
        }
    }

    private LaunchPlan Solve(IReadOnlyList<PendingPod> pods, HashSet<string> removed, IReadOnlyList<UnavailableOffering> alsoUnavailable)
    {
        var provisioning = new ProvisioningSnapshot(
            pods,
            [.. hosts.Where(h => !removed.Contains(h.Name))],
            snapshot.NodePools,
            snapshot.DaemonSetOverhead,
            [.. snapshot.Unavailable, .. alsoUnavailable]);
        return Solver.Solve(provisioning, catalog, now, solverOptions);
    }
}
