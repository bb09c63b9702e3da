using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>Turns a chosen option into a node claim with its candidate list, zones and limit usage.</summary>
internal static class CandidateSelector
{
    /// <summary>
    /// Opens a claim for <paramref name="count"/> pods under the chosen option's pool target.
    /// Candidates: every option of the same target and capacity type that hosts the pods, cheapest
    /// first (up to <see cref="SolverOptions.MaxCandidates"/>, more if minValues needs them), then
    /// the on-demand ones when the pods allow on-demand and the claim is spot. Null when minValues
    /// cannot be met (the reason is added).
    /// </summary>
    public static (OpenClaim Claim, ResourceAmounts CountedCapacity)? Open(
        LaunchOption chosen, int count, List<LaunchOption> usable, SolverOptions options, List<string> reasons)
    {
        var target = chosen.Target;
        var capacityType = chosen.Offering.Offering.CapacityType;
        var primary = new List<LaunchOption>();
        var fallback = new List<LaunchOption>();
        var extra = new List<LaunchOption>();
        // Options beyond MaxCandidates only serve minValues: without it they are not collected
        // (consolidation opens claims thousands of times over hundreds of options).
        var needsExtra = target.Requirements.Set.Requirements.Any(r => r.MinValues is not null);
        foreach (var o in usable)
        {
            if (!ReferenceEquals(o.Target, target) || o.PodsPerNode < count)
            {
                continue;
            }

            var ct = o.Offering.Offering.CapacityType;
            if (ct == capacityType)
            {
                if (primary.Count < options.MaxCandidates)
                {
                    primary.Add(o);
                }
                else if (needsExtra)
                {
                    extra.Add(o);
                }
            }
            else if (capacityType == CapacityType.Spot && fallback.Count < options.MaxCandidates)
            {
                fallback.Add(o);
            }
        }

        foreach (var r in target.Requirements.Set.Requirements)
        {
            if (r.MinValues is not { } min)
            {
                continue;
            }

            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var o in primary.Concat(fallback))
            {
                distinct.Add(LabelOf(o, r.Key) ?? "");
            }

            var e = 0;
            while (distinct.Count < min && e < extra.Count)
            {
                primary.Add(extra[e]);
                distinct.Add(LabelOf(extra[e++], r.Key) ?? "");
            }

            if (distinct.Count < min)
            {
                reasons.Add($"nodepool {target.Pool.Pool.Name}: {r.Key} has minValues {min} but only {distinct.Count} value(s) fit the pods");
                return null;
            }
        }

        var all = primary.Concat(fallback).ToList();
        var smallest = all[0].Allocatable;
        var largest = all[0].Type.Capacity;
        var zones = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var o in all)
        {
            smallest = ResourceAmounts.Min(smallest, o.Allocatable);
            largest = ResourceAmounts.Max(largest, o.Type.Capacity);
            foreach (var offering in o.Type.Offerings)
            {
                var ct = offering.Offering.CapacityType;
                if ((ct == capacityType || fallback.Count > 0) && target.Requirements.AllowsOffering(offering.Offering))
                {
                    zones.Add(offering.Offering.Zone);
                }
            }
        }

        var candidates = all.Select(o => new LaunchCandidate(o.Type.Name, o.Offering.Offering, o.Cost)).ToList();
        var claim = new OpenClaim(target.Pool.Pool.Name, target.Requirements.Key, capacityType, fallback.Count > 0, [.. zones], candidates, smallest);
        return (claim, largest);
    }

    /// <summary>True when a node of this option keeps its pool within limits.</summary>
    public static bool WithinLimits(LaunchOption o, ResourceAmounts usage)
    {
        var limits = o.Target.Pool.Pool.Limits;
        var after = usage + o.Type.Capacity;
        return (limits.MilliCpu is not { } cpu || after.MilliCpu <= cpu) &&
               (limits.MemoryBytes is not { } mem || after.MemoryBytes <= mem) &&
               (limits.EphemeralStorageBytes is not { } eph || after.EphemeralStorageBytes <= eph) &&
               (limits.Pods is not { } pods || after.Pods <= pods);
    }

    private static string? LabelOf(LaunchOption o, string key) => key switch
    {
        WellKnownLabels.Zone => o.Offering.Offering.Zone,
        WellKnownLabels.CapacityType => o.Offering.Offering.CapacityType.ToLabelValue(),
        _ => o.Type.Label(key),
    };
}
