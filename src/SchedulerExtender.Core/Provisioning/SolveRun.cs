using System.Runtime.CompilerServices;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>The state of one solve: prepared instance types, pool usage, claims opened so far, results.</summary>
internal sealed class SolveRun
{
    private static readonly ConditionalWeakTable<IReadOnlyList<InstanceType>, Dictionary<SolverOptions, TypeProfile[]>> PreparedProfiles = new();

    private readonly SolverOptions options;
    private readonly ProvisioningSnapshot snapshot;
    private readonly TypeProfile[] types;
    private readonly IReadOnlyList<InstanceType> catalog;
    private readonly Func<InstanceType, Offering, bool>? isBuyable;
    private readonly Func<NodeReservation, TypeProfile[]> typesFor;
    private Dictionary<NodeReservation, TypeProfile[]>? typesByReservation;
    private readonly InFlightClaim[] inFlight;
    private readonly ResourceAmounts[] inFlightRemaining;
    private readonly ClaimTopology?[] inFlightTopology;
    private readonly bool topologyMatters;
    private readonly ZoneLedger? zones;
    private readonly List<List<NodePoolState>> tiers;
    private readonly Dictionary<string, ResourceAmounts> poolUsage = new(StringComparer.Ordinal);
    private readonly List<OpenClaim> openClaims = [];
    private readonly List<PodPlacement> placements = [];
    private readonly List<UnschedulablePod> unschedulable = [];

    public SolveRun(ProvisioningSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, SolverOptions options)
    {
        this.options = options;
        this.snapshot = snapshot;
        var blocked = new HashSet<(string, string, CapacityType)>();
        foreach (var u in snapshot.Unavailable)
        {
            if (u.Until > now)
            {
                blocked.Add((u.InstanceType, u.Zone, u.CapacityType));
            }
        }

        this.catalog = catalog;
        isBuyable = blocked.Count == 0 ? null : (type, o) => !blocked.Contains((type.Name, o.Zone, o.CapacityType));
        types = PrepareFor(options);
        typesFor = TypesFor; // one delegate per solve, not one per group and tier
        inFlight = SortedByName(snapshot.InFlight);
        inFlightRemaining = [.. inFlight.Select(c => c.Remaining)];
        inFlightTopology = new ClaimTopology?[inFlight.Length];
        // Without pod topology anywhere no node-level rule can bite: the checks are skipped, and
        // the plan (and its cost) is exactly what it was before they existed.
        topologyMatters = snapshot.Pods.Any(p => p.Topology is { IsEmpty: false }) ||
            inFlight.Any(c => c.Pods?.Any(p => !p.Topology.IsEmpty) == true);
        // Karpenter tries pools by descending weight; pools of equal weight compete on cost.
        tiers = [.. snapshot.NodePools
            .OrderByDescending(p => p.Pool.Weight).ThenBy(p => p.Pool.Name, StringComparer.Ordinal)
            .GroupBy(p => p.Pool.Weight)
            .Select(g => g.ToList())];
        foreach (var p in snapshot.NodePools)
        {
            poolUsage[p.Pool.Name] = p.InUse;
        }

        // Zone rules need the bound pods per zone; without any zone rule the ledger is not built.
        var ledger = new ZoneLedger(snapshot.ScheduledPods);
        if (snapshot.Pods.Any(p => p.Topology?.HasZoneRules == true) || ledger.AnyZoneAntiAffinity)
        {
            zones = ledger;
        }
    }

    /// <summary>
    /// In-flight claims by name. Consolidation passes its hosts already in order, solve after
    /// solve: checking that is linear, sorting hundreds of names each time was not.
    /// </summary>
    private static InFlightClaim[] SortedByName(IReadOnlyList<InFlightClaim> claims)
    {
        for (var i = 1; i < claims.Count; i++)
        {
            if (string.CompareOrdinal(claims[i - 1].Name, claims[i].Name) > 0)
            {
                return [.. claims.OrderBy(c => c.Name, StringComparer.Ordinal)];
            }
        }

        return [.. claims];
    }

    /// <summary>
    /// The catalogue's profiles with nothing blocked, kept per catalogue instance and options:
    /// the provisioner and the disruption planner solve many times against the same catalogue
    /// (consolidation once per candidate set), and preparing 400 types each time dominated.
    /// Catalogues are immutable; a new catalogue (a price refresh) is a new key, the old one is
    /// collected with it.
    /// </summary>
    private static TypeProfile[] Prepared(IReadOnlyList<InstanceType> catalog, SolverOptions options)
    {
        var cache = PreparedProfiles.GetValue(catalog, _ => new Dictionary<SolverOptions, TypeProfile[]>());
        lock (cache)
        {
            if (!cache.TryGetValue(options, out var profiles))
            {
                profiles = Prepare(catalog, options, static (_, _) => true);
                cache[options] = profiles;
            }

            return profiles;
        }
    }

    // Without blocked offerings the prepared types are shared between solves; with some, prepared for this one.
    private TypeProfile[] PrepareFor(SolverOptions settings) => isBuyable is null ? Prepared(catalog, settings) : Prepare(catalog, settings, isBuyable);

    private static TypeProfile[] Prepare(IReadOnlyList<InstanceType> catalog, SolverOptions options, Func<InstanceType, Offering, bool> isBuyable) =>
        [.. catalog.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new TypeProfile(t, options.Reservation, options, isBuyable))];

    /// <summary>
    /// The prepared types for pools whose nodes keep <paramref name="reservation"/>: those of the
    /// solver's own reservation (every pool of most clusters, and no extra work), or the catalogue
    /// prepared once more for a node class whose kubelet settings change the allocatable.
    /// </summary>
    private TypeProfile[] TypesFor(NodeReservation reservation)
    {
        if (ReferenceEquals(reservation, options.Reservation))
        {
            return types;
        }

        typesByReservation ??= [];
        if (!typesByReservation.TryGetValue(reservation, out var prepared))
        {
            prepared = PrepareFor(options with { Reservation = reservation });
            typesByReservation[reservation] = prepared;
        }

        return prepared;
    }

    public LaunchPlan ToPlan() => new(placements, [.. openClaims.Select(c => c.ToPlan())], unschedulable);

    /// <summary>
    /// Places a group; with zone rules in play, first shares its pods out over the zones its pools
    /// reach (<see cref="ZoneLedger"/>), and places each share restricted to its zone(s).
    /// </summary>
    public void Place(PodGroup group)
    {
        if (zones is null || (!group.Topology.HasZoneRules && !zones.AnyZoneAntiAffinity))
        {
            PlaceInAnyZone(group);
            return;
        }

        var domains = Domains(group);
        if (domains.Count == 0)
        {
            // No pool reaches any zone for it: the ordinary placement says why (or finds an
            // in-flight claim whose zone is not known yet, where the zone rules cannot be checked).
            PlaceInAnyZone(group);
            return;
        }

        // A zone spread counts every zone the pods' own terms reach, as kube-scheduler does, even
        // where their volumes or a preference being tried keep them out: planned only in the zones
        // left, they would break the skew, and kube-scheduler would leave them pending on new nodes.
        var counted = group.OwnTerms is null || !group.Topology.Spread.Any(c => c.TopologyKey == TopologyKeys.Zone)
            ? domains
            : [.. Domains(group.WithOwnTerms()).Union(domains).Order(StringComparer.Ordinal)];
        var (shares, refused) = zones.Assign(group, counted, domains);
        foreach (var pod in refused)
        {
            unschedulable.Add(new UnschedulablePod(pod, $"its zone topology spread or pod (anti-)affinity is not met in any zone the node pools reach ({string.Join(",", domains)})"));
        }

        foreach (var (shareZones, pods) in shares)
        {
            // A share allowed everywhere is the group as it was: no zone requirement, the same plan as without zone rules.
            PlaceInAnyZone(shareZones.Count == domains.Count && pods.Count == group.Pods.Count ? group : group.InZones(shareZones, pods));
        }
    }

    /// <summary>
    /// The zones the group could get a node in: offerings its pools' targets allow (not blocked, a
    /// type with room for one pod), and in-flight claims it may use that carry a zone label.
    /// </summary>
    private List<string> Domains(PodGroup group)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pool in tiers.SelectMany(t => t))
        {
            // Room for one pod after the reservation of the pool's node class (its kubelet settings).
            var poolTypes = TypesFor(pool.ReservationUnder(options));
            foreach (var target in PoolTarget.For(pool, group, options).Targets)
            {
                foreach (var type in poolTypes)
                {
                    if (!target.Requirements.AllowsType(type) || type.BaseAllocatable.CopiesOf(group.Requests) <= 0)
                    {
                        continue;
                    }

                    foreach (var offering in type.Offerings)
                    {
                        if (target.Requirements.AllowsOffering(offering.Offering))
                        {
                            found.Add(offering.Offering.Zone);
                        }
                    }
                }
            }
        }

        var terms = PoolTarget.TermsFor(group, options).ToList();
        foreach (var claim in inFlight)
        {
            if (claim.Labels.TryGetValue(WellKnownLabels.Zone, out var zone) && MatchesAny(terms, claim.Labels) &&
                PoolTarget.FirstUntolerated(claim.Taints, group.Tolerations) is null)
            {
                found.Add(zone);
            }
        }

        return [.. found];
    }

    private void PlaceInAnyZone(PodGroup group)
    {
        var next = PlaceOnInFlight(group, 0);
        var reasons = new List<string>();
        if (tiers.Count == 0)
        {
            reasons.Add("no NodePool is configured");
        }

        foreach (var tier in tiers)
        {
            if (next == group.Pods.Count)
            {
                return;
            }

            var targets = new List<PoolTarget>();
            foreach (var pool in tier)
            {
                var (poolTargets, refusal) = PoolTarget.For(pool, group, options);
                targets.AddRange(poolTargets);
                if (refusal is not null)
                {
                    reasons.Add(refusal);
                }
            }

            next = PlaceOnOpenClaims(group, targets, next);
            if (next < group.Pods.Count && targets.Count > 0)
            {
                var packer = new ClaimPacker(group, typesFor, options, poolUsage, reasons, topologyMatters);
                next = packer.Pack(targets, next, openClaims);
            }
        }

        var reason = reasons.Count == 0 ? "no capacity fits" : string.Join("; ", reasons.Distinct(StringComparer.Ordinal));
        for (var i = next; i < group.Pods.Count; i++)
        {
            unschedulable.Add(new UnschedulablePod(group.Pods[i], reason));
        }
    }

    private int PlaceOnInFlight(PodGroup group, int next)
    {
        if (inFlight.Length == 0)
        {
            return next;
        }

        var terms = PoolTarget.TermsFor(group, options).ToList();
        for (var c = 0; c < inFlight.Length && next < group.Pods.Count; c++)
        {
            var claim = inFlight[c];
            // Room first: most hosts of a busy cluster have none for the group, and that is a few
            // comparisons where taints and labels are lookups (a host without room takes nothing either way).
            var room = inFlightRemaining[c];
            if (room.MilliCpu < group.Requests.MilliCpu || room.MemoryBytes < group.Requests.MemoryBytes)
            {
                continue; // no copy fits (CopiesOf would say 0), without its divisions
            }

            var fit = Math.Min(group.Pods.Count - next, room.CopiesOf(group.Requests));
            if (fit <= 0 || PoolTarget.FirstUntolerated(claim.Taints, group.Tolerations) is not null || !MatchesAny(terms, claim.Labels))
            {
                continue;
            }

            if (topologyMatters)
            {
                var topology = inFlightTopology[c] ??= ClaimTopology.OnNode(claim.Pods);
                fit = Math.Min(fit, (long)topology.Room(group));
                if (fit <= 0)
                {
                    continue;
                }

                topology.Add(group, (int)fit);
            }

            for (var i = 0; i < fit; i++)
            {
                placements.Add(new PodPlacement(group.Pods[next++], claim.Name));
            }

            inFlightRemaining[c] -= group.Requests.Times(fit);
        }

        return next;
    }

    private static bool MatchesAny(List<RequirementSet> terms, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var t in terms)
        {
            if (t.Matches(labels))
            {
                return true;
            }
        }

        return false;
    }

    private int PlaceOnOpenClaims(PodGroup group, List<PoolTarget> targets, int next)
    {
        foreach (var target in targets)
        {
            foreach (var claim in openClaims)
            {
                if (next == group.Pods.Count)
                {
                    return next;
                }

                if (claim.NodePool != target.Pool.Pool.Name || claim.TargetKey != target.Requirements.Key)
                {
                    continue;
                }

                var fit = Math.Min(group.Pods.Count - next, claim.Remaining.CopiesOf(group.Requests));
                if (topologyMatters && fit > 0)
                {
                    fit = Math.Min(fit, (long)claim.Topology.Room(group));
                    claim.Topology.Add(group, (int)fit);
                }

                for (var i = 0; i < fit; i++)
                {
                    claim.Add(group.Pods[next++], group.Requests);
                }
            }
        }

        return next;
    }
}
