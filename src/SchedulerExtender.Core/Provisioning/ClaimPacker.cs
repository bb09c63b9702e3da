using System.Runtime.CompilerServices;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Packs the rest of one group onto new node claims in one tier of node pools. Each pool's
/// options come from the types prepared for the reservation of its node class
/// (<paramref name="typesFor"/>): a class with maxPods 4 or a large systemReserved gives its
/// pool smaller nodes than the same types elsewhere.
/// </summary>
internal sealed class ClaimPacker(
    PodGroup group,
    Func<NodeReservation, TypeProfile[]> typesFor,
    SolverOptions options,
    Dictionary<string, ResourceAmounts> poolUsage,
    List<string> reasons,
    bool trackTopology = false)
{
    /// <summary>Per prepared type array (kept while the array lives): the options of each target and group shape.</summary>
    private static readonly ConditionalWeakTable<TypeProfile[], Dictionary<(string, long, ResourceAmounts, ResourceAmounts), TargetOptionSet>> OptionCache = new();

    public int Pack(List<PoolTarget> targets, int next, List<OpenClaim> openClaims)
    {
        var all = BuildOptions(targets);
        // Without limits the usable options never change, so they are filtered once.
        var limited = targets.Any(t => t.Pool.Pool.Limits != NodePoolLimits.None);
        var usable = new List<LaunchOption>(all.Count);
        int[] cheapestFor = [];
        var stale = true;
        while (next < group.Pods.Count)
        {
            if (stale || limited)
            {
                usable.Clear();
                foreach (var o in all)
                {
                    if (WithinLimits(o))
                    {
                        usable.Add(o);
                    }
                }

                cheapestFor = CheapestForEachCount(usable);
                stale = false;
            }

            if (usable.Count == 0)
            {
                foreach (var name in all.Select(o => o.Target.Pool.Pool.Name).Distinct().Order(StringComparer.Ordinal))
                {
                    reasons.Add($"nodepool {name}: limits reached");
                }

                return next;
            }

            var (option, count) = Choose(usable, cheapestFor, group.Pods.Count - next);
            var claim = CandidateSelector.Open(option, count, usable, options, reasons);
            if (claim is null)
            {
                // minValues cannot be met under this pool target: stop offering it.
                all.RemoveAll(o => ReferenceEquals(o.Target, option.Target));
                stale = true;
                continue;
            }

            poolUsage[option.Target.Pool.Pool.Name] = Usage(option.Target) + claim.Value.CountedCapacity;
            openClaims.Add(claim.Value.Claim);
            if (trackTopology)
            {
                claim.Value.Claim.Topology.Add(group, count);
            }

            for (var i = 0; i < count; i++)
            {
                claim.Value.Claim.Add(group.Pods[next++], group.Requests);
            }
        }

        return next;
    }

    private List<LaunchOption> BuildOptions(List<PoolTarget> targets)
    {
        var list = new List<LaunchOption>();
        foreach (var target in targets)
        {
            var reservation = target.Pool.ReservationUnder(options);
            var ephemeral = reservation.AllocatableEphemeralStorage(target.Pool.NodeEphemeralStorageBytes);
            var built = TargetOptions(typesFor(reservation), target, ephemeral, target.Pool.DaemonSetOverhead);
            // Alone, the target's options come sorted; several targets are merged and sorted from
            // the options in type order, exactly as they were built before the cache (equal costs
            // of two pools with the same requirements must keep their order).
            foreach (var o in targets.Count == 1 ? built.Sorted : built.InTypeOrder)
            {
                // A node hosts no more of the group than its host ports, anti-affinity and spread allow:
                // the cap makes the cost per pod of a big node honest (it hosts few of them).
                list.Add(o with { Target = target, PodsPerNode = Math.Min(o.PodsPerNode, group.PerNodeCap) });
            }

            var pool = target.Pool.Pool.Name;
            if (!built.AnyType)
            {
                reasons.Add($"nodepool {pool}: no instance type matches {target.Requirements.Key}");
            }
            else if (!built.AnyRoom)
            {
                reasons.Add($"nodepool {pool}: no instance type has room for one pod ({group.Requests}) after the node reservation and the pool's DaemonSets ({target.Pool.DaemonSetOverhead})");
            }
            else if (!built.AnyOffering)
            {
                reasons.Add($"nodepool {pool}: no offering is available in the allowed zones and capacity types");
            }
        }

        if (targets.Count > 1)
        {
            list.Sort(LaunchOption.Compare);
        }

        return list;
    }

    /// <summary>
    /// One target's options, sorted, from the cache of this set of prepared types (one per reservation). They depend only on
    /// the types, the target's requirements (its canonical key), the node's ephemeral storage, the
    /// pool's DaemonSets and the group's requests — not on pool usage — and consolidation asks for the same
    /// ones solve after solve (every candidate's pods, every pass): building them walked all 400
    /// types and sorted the result each time. The cached options carry the first target they were
    /// built for; callers put their own target in.
    /// </summary>
    private TargetOptionSet TargetOptions(TypeProfile[] types, PoolTarget target, long ephemeral, ResourceAmounts daemonSetOverhead)
    {
        var cache = OptionCache.GetValue(types, _ => new Dictionary<(string, long, ResourceAmounts, ResourceAmounts), TargetOptionSet>());
        var key = (target.Requirements.Key, ephemeral, daemonSetOverhead, group.Requests);
        lock (cache)
        {
            if (cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var built = BuildTargetOptions(types, target, ephemeral, daemonSetOverhead);
        lock (cache)
        {
            cache.TryAdd(key, built);
        }

        return built;
    }

    private TargetOptionSet BuildTargetOptions(TypeProfile[] types, PoolTarget target, long ephemeral, ResourceAmounts daemonSetOverhead)
    {
        var list = new List<LaunchOption>();
        bool anyType = false, anyRoom = false, anyOffering = false;
        foreach (var type in types)
        {
            if (!target.Requirements.AllowsType(type))
            {
                continue;
            }

            anyType = true;
            var allocatable = (type.BaseAllocatable with { EphemeralStorageBytes = ephemeral }) - daemonSetOverhead;
            var k = allocatable.CopiesOf(group.Requests);
            if (k <= 0)
            {
                continue;
            }

            anyRoom = true;
            bool spot = false, onDemand = false;
            foreach (var offering in type.Offerings)
            {
                var isSpot = offering.Offering.CapacityType == CapacityType.Spot;
                if ((isSpot ? spot : onDemand) || !target.Requirements.AllowsOffering(offering.Offering))
                {
                    continue;
                }

                list.Add(new LaunchOption(target, type, offering, k, allocatable));
                anyOffering = true;
                spot |= isSpot;
                onDemand |= !isSpot;
                if (spot && onDemand)
                {
                    break;
                }
            }
        }

        LaunchOption[] inTypeOrder = [.. list];
        list.Sort(LaunchOption.Compare);
        return new TargetOptionSet(inTypeOrder, [.. list], anyType, anyRoom, anyOffering);
    }

    /// <summary>
    /// The next claim: whole nodes of a low cost-per-pod option, or the cheapest node for the
    /// rest. Compares the best few options by the total cost of hosting all <paramref name="n"/> pods.
    /// </summary>
    private (LaunchOption Option, int Count) Choose(List<LaunchOption> usable, int[] cheapestFor, int n)
    {
        var m = Math.Max(1, options.OptionsCompared);
        var top = new List<(double PerPod, int Index)>(m + 1);
        for (var i = 0; i < usable.Count; i++)
        {
            var perPod = usable[i].Cost / Math.Min(usable[i].PodsPerNode, n);
            if (top.Count == m && perPod >= top[^1].PerPod)
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && top[at - 1].PerPod > perPod)
            {
                at--;
            }

            top.Insert(at, (perPod, i));
            if (top.Count > m)
            {
                top.RemoveAt(m);
            }
        }

        (LaunchOption, int) best = default;
        var bestTotal = double.PositiveInfinity;
        foreach (var (_, index) in top)
        {
            var o = usable[index];
            var whole = n / o.PodsPerNode;
            var rest = (int)(n % o.PodsPerNode);
            var restOption = rest > 0 ? usable[cheapestFor[rest]] : o;
            var total = (whole * o.Cost) + (rest > 0 ? restOption.Cost : 0);
            if (total < bestTotal - 1e-12)
            {
                bestTotal = total;
                best = whole > 0 ? (o, (int)o.PodsPerNode) : (restOption, rest);
            }
        }

        return best;
    }

    /// <summary>
    /// For every pod count r, the index of the cheapest option hosting at least r pods. Options
    /// are sorted by cost, so that is the smallest index among options with k ≥ r: a suffix minimum.
    /// </summary>
    private static int[] CheapestForEachCount(List<LaunchOption> usable)
    {
        var maxK = 0L;
        foreach (var o in usable)
        {
            maxK = Math.Max(maxK, o.PodsPerNode);
        }

        var first = new int[maxK + 2];
        Array.Fill(first, int.MaxValue);
        for (var i = usable.Count - 1; i >= 0; i--)
        {
            first[usable[i].PodsPerNode] = i;
        }

        for (var k = maxK - 1; k >= 1; k--)
        {
            first[k] = Math.Min(first[k], first[k + 1]);
        }

        return first;
    }

    private ResourceAmounts Usage(PoolTarget target) => poolUsage.GetValueOrDefault(target.Pool.Pool.Name);

    private bool WithinLimits(LaunchOption o) => CandidateSelector.WithinLimits(o, Usage(o.Target));
}

