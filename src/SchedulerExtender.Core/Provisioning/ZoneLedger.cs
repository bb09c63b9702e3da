namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The pods per zone that zone-level rules count: those already bound (from the snapshot) and
/// those this solve pinned to a zone. <see cref="Assign"/> shares a group's pods out over the zones
/// it can reach, one pod at a time onto the zone the rules allow with the fewest pods its spreads
/// match (without a spread: the first allowed zone; ties by zone name), as kube-scheduler would
/// place them one by one:
/// - DoNotSchedule spread on topology.kubernetes.io/zone: count + 1 − (smallest count over the
///   reachable zones) ≤ maxSkew (a constraint the pod does not match itself only needs the zone
///   not already over);
/// - required anti-affinity on the zone: no zone holding a pod the term selects, nor one holding a
///   pod whose zone anti-affinity selects the group;
/// - required affinity on the zone: only zones holding a pod the term selects — or any zone when
///   no such pod runs anywhere and the pod matches its own term (kube-scheduler's rule for the
///   first pod of a group).
/// Pods are pinned one by one (each claim then launches in its pod's zone) when the group spreads,
/// has zone anti-affinity, or must join itself in one zone; otherwise (affinity to running pods, or
/// another pod's anti-affinity keeping it out) they may go to any allowed zone, and the cheapest wins.
/// The domains are the zones the group's pools can launch in; nodes in other zones are not seen.
/// </summary>
internal sealed class ZoneLedger
{
    private readonly List<(string Namespace, IReadOnlyDictionary<string, string> Labels, PodTopology Topology, string Zone, int Count)> entries = [];

    public ZoneLedger(IReadOnlyList<ZonedPod>? scheduled)
    {
        foreach (var p in scheduled ?? [])
        {
            entries.Add((p.Pod.Pod.Namespace, p.Pod.Labels, p.Pod.Topology, p.Zone, 1));
            AnyZoneAntiAffinity |= p.Pod.Topology.HasZoneAntiAffinity;
        }
    }

    /// <summary>True when a pod counted here has zone anti-affinity, which may keep other groups out of its zone.</summary>
    public bool AnyZoneAntiAffinity { get; private set; }

    /// <summary>Records pods of a group in a zone (pinned or on an in-flight node there).</summary>
    public void Add(PodGroup group, string zone, int count)
    {
        if (count > 0)
        {
            entries.Add((group.Namespace, group.Labels, group.Topology, zone, count));
            AnyZoneAntiAffinity |= group.Topology.HasZoneAntiAffinity;
        }
    }

    /// <summary>
    /// The group's pods with the zones each share may use (in zone order), and the pods no zone
    /// admits. Records pinned pods, so the groups solved after this one count them. A spread's skew
    /// is counted over all <paramref name="domains"/>; pods go only to those in <paramref name="placeable"/>.
    /// </summary>
    public (List<(IReadOnlyList<string> Zones, List<PodReference> Pods)> Shares, List<PodReference> Refused) Assign(
        PodGroup group, IReadOnlyList<string> domains, IReadOnlyCollection<string> placeable)
    {
        var topology = group.Topology;
        var spreads = topology.Spread.Where(c => c.TopologyKey == TopologyKeys.Zone).ToList();
        var antis = topology.AntiAffinity.Where(t => t.TopologyKey == TopologyKeys.Zone).ToList();
        var affinities = topology.Affinity.Where(t => t.TopologyKey == TopologyKeys.Zone).ToList();
        var n = domains.Count;
        var spreadCounts = spreads.Select(c => domains.Select(z => Count(z, c.Selects)).ToArray()).ToList();
        var spreadSelf = spreads.Select(c => c.Selects(group.Namespace, group.Labels) ? 1 : 0).ToList();
        var affinityCounts = affinities.Select(t => domains.Select(z => Count(z, t.Selects)).ToArray()).ToList();
        var affinityAnywhere = affinities.Select(t => entries.Any(e => t.Selects(e.Namespace, e.Labels))).ToList();
        var affinitySelf = affinities.Select(t => t.Selects(group.Namespace, group.Labels)).ToList();
        var selfAnti = antis.Any(t => t.Selects(group.Namespace, group.Labels));
        var blocked = domains.Select(z => !placeable.Contains(z) || entries.Any(e => e.Zone == z && e.Count > 0 && (
            antis.Any(t => t.Selects(e.Namespace, e.Labels)) ||
            e.Topology.AntiAffinity.Any(t => t.TopologyKey == TopologyKeys.Zone && t.Selects(group.Namespace, group.Labels))))).ToArray();

        var refused = new List<PodReference>();
        // Zone anti-affinity pins too, even towards other pods only: the zone must be known for the
        // groups solved later to keep out of it (their side of the term).
        var pinned = spreads.Count > 0 || antis.Count > 0 || affinitySelf.Where((self, i) => self && !affinityAnywhere[i]).Any();
        if (!pinned)
        {
            var allowed = Enumerable.Range(0, n).Where(z => !blocked[z] && AffinityAllows(z)).Select(z => domains[z]).ToList();
            return allowed.Count == 0 ? ([], [.. group.Pods]) : ([(allowed, [.. group.Pods])], refused);
        }

        var byZone = new SortedDictionary<string, List<PodReference>>(StringComparer.Ordinal);
        var assigned = new int[n];
        foreach (var pod in group.Pods)
        {
            var best = -1;
            var bestScore = long.MaxValue;
            for (var z = 0; z < n; z++)
            {
                if (blocked[z] || !SpreadAllows(z) || !AffinityAllows(z))
                {
                    continue;
                }

                // Without a spread every zone scores 0, so all go to the first allowed zone: a
                // self-affine group must stay together, and anti-affinity keeps others out of fewer
                // zones that way (self anti-affinity blocks each zone it takes).
                long score = 0;
                foreach (var counts in spreadCounts)
                {
                    score += counts[z];
                }

                if (score < bestScore)
                {
                    (best, bestScore) = (z, score);
                }
            }

            if (best < 0)
            {
                refused.Add(pod);
                continue;
            }

            assigned[best]++;
            for (var i = 0; i < spreads.Count; i++)
            {
                spreadCounts[i][best] += spreadSelf[i];
            }

            for (var i = 0; i < affinities.Count; i++)
            {
                if (affinitySelf[i])
                {
                    affinityCounts[i][best]++;
                    affinityAnywhere[i] = true;
                }
            }

            blocked[best] |= selfAnti;
            if (!byZone.TryGetValue(domains[best], out var list))
            {
                byZone[domains[best]] = list = [];
            }

            list.Add(pod);
        }

        for (var z = 0; z < n; z++)
        {
            Add(group, domains[z], assigned[z]);
        }

        return ([.. byZone.Select(p => ((IReadOnlyList<string>)[p.Key], p.Value))], refused);

        bool SpreadAllows(int z)
        {
            for (var i = 0; i < spreads.Count; i++)
            {
                var counts = spreadCounts[i];
                if (counts[z] + spreadSelf[i] - counts.Min() > spreads[i].MaxSkew)
                {
                    return false;
                }
            }

            return true;
        }

        bool AffinityAllows(int z)
        {
            for (var i = 0; i < affinities.Count; i++)
            {
                if (affinityCounts[i][z] == 0 && !(affinitySelf[i] && !affinityAnywhere[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private int Count(string zone, Func<string, IReadOnlyDictionary<string, string>, bool> selects)
    {
        var count = 0;
        foreach (var e in entries)
        {
            if (e.Zone == zone && selects(e.Namespace, e.Labels))
            {
                count += e.Count;
            }
        }

        return count;
    }
}
