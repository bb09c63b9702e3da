using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Asks the solver "where would these nodes' pods go without them?". The other nodes and the
/// claims still launching are in-flight capacity, after the pods already pending have taken the
/// room the solver would give them (consolidation must not steal it). Only ready nodes that are
/// not going away host pods. A pending pod the solver would put on a node that is removed must
/// find room elsewhere too. Pod topology is the provisioner's (<see cref="SimulatedTopology"/>): the
/// moved and pending pods keep theirs, the hosts carry their pods and the bound pods count per zone,
/// so a pod is not moved where kube-scheduler would leave it pending (a taken host port, an
/// anti-affine neighbour, a broken spread).
/// </summary>
internal sealed class ClusterSimulation
{
    private readonly ClusterSnapshot snapshot;
    private readonly IReadOnlyList<InstanceType> catalog;
    private readonly DateTimeOffset now;
    private readonly SolverOptions solverOptions;
    private readonly List<InFlightClaim> hosts;
    private readonly Dictionary<string, List<PendingPod>> pendingOn = new(StringComparer.Ordinal);
    private readonly Dictionary<PodReference, PendingPod> solverPods = [];
    private readonly SimulatedTopology topology;
    private List<(double Price, ResourceAmounts Room)>? cheapestFirst;
    private (long MilliCpu, long MostMemory)[]? roomByCpu;

    public ClusterSimulation(ClusterSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions solverOptions)
    {
        this.snapshot = snapshot;
        this.catalog = catalog;
        this.now = now;
        this.solverOptions = solverOptions;
        // A retiring node takes no pod from elsewhere: it is leaving too, and each pod moved onto it
        // would be evicted twice (retiring hundreds of Karpenter's nodes would move pods along them).
        hosts = [.. snapshot.Nodes
            .Where(n => n.Ready && !n.Disrupting && n.ReclaimNoticeAt is null && !n.Retiring)
            .Select(n => new InFlightClaim(n.Name, n.NodePool, n.EffectiveLabels(), n.Taints, n.Remaining()))
            .Concat(snapshot.Launching.Select(c => c.Pods is null ? c : c with { Pods = null })) // their pods: SimulatedTopology
            .OrderBy(h => h.Name, StringComparer.Ordinal)]; // the solver's order: each solve then finds them sorted
        topology = new SimulatedTopology(snapshot, hosts);
        var pending = snapshot.PendingPods;
        foreach (var pod in snapshot.Nodes.SelectMany(n => n.Pods).Select(p => p.ToPendingPod()).Concat(pending))
        {
            solverPods[pod.Pod] = pod;
        }

        if (pending.Count > 0)
        {
            var plan = Solve(pending, [], []);
            Consume(plan);
            var byPod = pending.DistinctBy(p => p.Pod).ToDictionary(p => p.Pod);
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
        return Solve(Moving(removed, names), names, alsoUnavailable);
    }

    /// <summary>
    /// Takes the room a plan's in-flight placements use, so later simulations do not count it twice;
    /// the pods placed count on their new node (ports, anti-affinity, spread, zone) from now on.
    /// </summary>
    public void Consume(LaunchPlan plan)
    {
        roomByCpu = null;
        foreach (var placement in plan.OnInFlight)
        {
            var i = hosts.FindIndex(h => h.Name == placement.ClaimName);
            if (i >= 0 && solverPods.TryGetValue(placement.Pod, out var pod))
            {
                hosts[i] = hosts[i] with { Remaining = hosts[i].Remaining - (pod.Requests with { Pods = 1 }) };
                topology.Moved(pod, placement.ClaimName);
            }
        }
    }

    /// <summary>
    /// Where the pods of <paramref name="removed"/> would go on the other nodes alone, launching
    /// nothing: the solver's own in-flight placement (the same it makes before opening claims),
    /// for when no new node could be part of an acceptable outcome.
    /// </summary>
    public LaunchPlan SimulateOnExisting(IReadOnlyCollection<ClusterNode> removed)
    {
        var names = removed.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var pods = Moving(removed, names);
        if (!topology.ZoneRulesFor(pods))
        {
            return Solve(pods, names, [], launch: false);
        }

        // Zone rules count the zones the pools reach as domains, so without the pools the placement
        // on the other nodes would differ (more room to skew): the full solve, whose pods on new
        // claims are the ones left over.
        var plan = Solve(pods, names, []);
        return new LaunchPlan(plan.OnInFlight, [],
            [.. plan.Unschedulable, .. plan.NewClaims.SelectMany(c => c.Pods).Select(p => new UnschedulablePod(p, "needs a new node"))]);
    }

    // The removed nodes' pods that need a home, and the pending pods the solver had put on them.
    private List<PendingPod> Moving(IReadOnlyCollection<ClusterNode> removed, HashSet<string> names)
    {
        var pods = removed.SelectMany(n => n.Pods).Where(p => p.NeedsHome).Select(p => p.ToPendingPod()).ToList();
        pods.AddRange(names.SelectMany(n => pendingOn.GetValueOrDefault(n) ?? []));
        return pods;
    }

    /// <summary>
    /// The pods of <paramref name="removed"/> that fit, even alone, on no host's free room by CPU
    /// and memory (any host, the removed ones included; labels, taints and pod slots can only rule
    /// out more, and so can pod topology). Such pods are certainly left over for new nodes. O(log hosts) per pod.
    /// </summary>
    public List<PodReference> FitNowhereAlone(IReadOnlyCollection<ClusterNode> removed)
    {
        if (roomByCpu is null)
        {
            // Hosts by free CPU, largest first, with the most free memory among those with at least that CPU.
            var rooms = hosts.Select(h => h.Remaining).OrderByDescending(r => r.MilliCpu).ToArray();
            roomByCpu = new (long, long)[rooms.Length];
            var most = long.MinValue;
            for (var i = 0; i < rooms.Length; i++)
            {
                most = Math.Max(most, rooms[i].MemoryBytes);
                roomByCpu[i] = (rooms[i].MilliCpu, most);
            }
        }

        var alone = new List<PodReference>();
        foreach (var pod in removed.SelectMany(n => n.Pods).Where(p => p.NeedsHome))
        {
            // The last host with at least the pod's CPU: the most memory among all such hosts.
            int lo = 0, hi = roomByCpu.Length - 1, last = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (roomByCpu[mid].MilliCpu >= pod.Requests.MilliCpu)
                {
                    last = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            if (last < 0 || roomByCpu[last].MostMemory < pod.Requests.MemoryBytes)
            {
                alone.Add(pod.Pod);
            }
        }

        return alone;
    }

    /// <summary>
    /// Whether some instance type, at its cheapest priced offering, is below <paramref name="price"/>
    /// and could hold the CPU and memory of <paramref name="pods"/> (pods of this simulation) after
    /// the reservation of the node class that reserves least and the DaemonSets of the pool that
    /// reserves least for them. A necessary
    /// condition for one new node cheaper than <paramref name="price"/> hosting them (pool
    /// requirements, zones, taints, the DaemonSets of the pool actually used, the no-stock cache and
    /// pod topology — pods kept apart need more nodes, never fewer — can only rule out more), so
    /// false proves there is none.
    /// </summary>
    public bool CouldHoldForLess(IEnumerable<PodReference> pods, double price)
    {
        var need = pods.Select(p => solverPods.TryGetValue(p, out var pod) ? pod.Requests with { Pods = 1 } : ResourceAmounts.Zero)
            .Aggregate(ResourceAmounts.Zero, (sum, r) => sum + r);
        cheapestFirst ??= CheapestFirst();
        foreach (var (typePrice, room) in cheapestFirst)
        {
            if (typePrice >= price)
            {
                return false;
            }

            if (room.MilliCpu >= need.MilliCpu && room.MemoryBytes >= need.MemoryBytes)
            {
                return true;
            }
        }

        return false;
    }

    private List<(double Price, ResourceAmounts Room)> CheapestFirst()
    {
        var leastOverhead = snapshot.NodePools.Count == 0
            ? ResourceAmounts.Zero
            : snapshot.NodePools.Select(p => p.DaemonSetOverhead).Aggregate(ResourceAmounts.Min);
        // Pools whose node classes set kubelet reservations of their own: a type's room is the most
        // any of them leaves (per resource), still a bound no new node can beat.
        List<NodeReservation> reservations = snapshot.NodePools.Count == 0
            ? [solverOptions.Reservation]
            : [.. snapshot.NodePools.Select(p => p.ReservationUnder(solverOptions)).Distinct()];
        return [.. catalog
            .Select(t => (Price: t.Offerings.Where(o => o.Available && o.PricePerHour > 0).Select(o => o.PricePerHour).DefaultIfEmpty(double.PositiveInfinity).Min(),
                Room: reservations.Select(r => r.Allocatable(t, 0)).Aggregate(ResourceAmounts.Max) - leastOverhead))
            .Where(t => !double.IsPositiveInfinity(t.Price))
            .OrderBy(t => t.Price)];
    }

    private LaunchPlan Solve(IReadOnlyList<PendingPod> pods, HashSet<string> removed, IReadOnlyList<UnavailableOffering> alsoUnavailable, bool launch = true)
    {
        // Without pod topology that could change the outcome the hosts go as they are (no pods:
        // the solver's fast path), and no bound pod is counted per zone.
        var withTopology = topology.MattersFor(pods);
        var inFlight = new List<InFlightClaim>(hosts.Count);
        foreach (var host in hosts)
        {
            if (!removed.Contains(host.Name))
            {
                inFlight.Add(withTopology ? topology.WithPods(host) : host);
            }
        }

        var provisioning = new ProvisioningSnapshot(
            pods,
            inFlight,
            launch ? snapshot.NodePools : [],
            [.. snapshot.Unavailable, .. alsoUnavailable],
            topology.ZoneRulesFor(pods) ? topology.ZonedWithout(removed) : null);
        return Solver.Solve(provisioning, catalog, now, solverOptions);
    }
}
