using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Simulates removing a set of nodes and turns the outcome into a command or the reason there is
/// none. Consolidation allows at most one replacement, strictly cheaper than the nodes it
/// replaces (only candidates below their price are kept, and a spot node is replaced by spot only
/// when the options allow it); drift, retirement and expiry take whatever replacements the pods need. A node
/// whose last replace was abandoned less than its back-off (<see cref="DisruptionOptions.BackoffAfter"/>)
/// ago may be deleted but not replaced.
/// </summary>
internal sealed class ActionEvaluator(ClusterSimulation simulation, DateTimeOffset now, DisruptionOptions options)
{
    public (DisruptionCommand? Command, string? WhyNot) Evaluate(IReadOnlyList<ClusterNode> nodes, DisruptionReason reason)
    {
        var price = nodes.Sum(n => n.PricePerHour);
        var names = nodes.Select(n => n.Name).ToList();
        if (nodes.All(n => !n.Pods.Any(p => p.NeedsHome)) && !simulation.HostsPending(nodes))
        {
            return (Command(reason, names, [], price, $"{Plural(nodes.Count, "empty node")} saves {Money(price)}/h"), null);
        }

        if (reason == DisruptionReason.Underutilized)
        {
            // The solver places pods on the other nodes before it opens any claim, the same way
            // with or without pools; the pods left over are exactly those a replacement must hold.
            // When no type under the price could hold them, the full solve (pricing new nodes, the
            // costly part) cannot find an acceptable outcome: most candidates of a large cluster
            // end here, pass after pass.
            var alone = simulation.FitNowhereAlone(nodes);
            if (alone.Count > 0 && !simulation.CouldHoldForLess(alone, price))
            {
                return (null, $"no replacement is cheaper than {Money(price)}/h (pod {alone[0]} fits on no other node, and no instance type under that price could hold it)");
            }

            var onExisting = simulation.SimulateOnExisting(nodes);
            if (onExisting.Unschedulable.Count == 0)
            {
                return (Command(reason, names, [], price, $"pods fit on the other nodes; saves {Money(price)}/h"), null);
            }

            if (!simulation.CouldHoldForLess(onExisting.Unschedulable.Select(u => u.Pod), price))
            {
                return (null, $"no replacement is cheaper than {Money(price)}/h (pod {onExisting.Unschedulable[0].Pod} does not fit on the other nodes, and no instance type under that price could hold the pods left over)");
            }
        }

        var plan = simulation.Simulate(nodes, []);
        if (plan.Unschedulable.Count > 0)
        {
            var first = plan.Unschedulable[0];
            return (null, $"pod {first.Pod} would not fit elsewhere: {first.Reason}");
        }

        if (plan.NewClaims.Count == 0)
        {
            return (Command(reason, names, [], price, $"pods fit on the other nodes; saves {Money(price)}/h"), null);
        }

        if (reason == DisruptionReason.Empty)
        {
            return (null, $"pending pods would need {Plural(plan.NewClaims.Count, "new node")} without it");
        }

        if (reason is DisruptionReason.Drifted or DisruptionReason.Expired or DisruptionReason.Retired)
        {
            if (BackingOff(nodes) is { } backingOff)
            {
                return (null, backingOff);
            }

            var cost = plan.NewClaimsPricePerHour;
            return (Command(reason, names, plan.NewClaims, price - cost, $"replaced by {Plural(plan.NewClaims.Count, "node")} at {Money(cost)}/h"), null);
        }

        if (plan.NewClaims.Count > 1)
        {
            return (null, $"pods would need {plan.NewClaims.Count} new nodes; consolidation replaces with at most one");
        }

        var claim = plan.NewClaims[0];
        var allSpot = nodes.All(n => n.CapacityType == CapacityType.Spot);
        var cheaper = claim.Candidates
            .Where(c => c.Offering.PricePerHour < price)
            .Where(c => options.SpotToSpotReplacement || !allSpot || c.Offering.CapacityType != CapacityType.Spot)
            .ToList();
        if (cheaper.Count == 0)
        {
            return (null, $"no replacement is cheaper than {Money(price)}/h (cheapest fitting: {Money(claim.PricePerHour)}/h)");
        }

        // Checked last, so the reason given is the back-off only when a replace would otherwise run.
        if (BackingOff(nodes) is { } waiting)
        {
            return (null, waiting);
        }

        var replacement = claim with { Candidates = cheaper };
        var saving = price - replacement.PricePerHour;
        return (Command(reason, names, [replacement], saving,
            $"replaced by {cheaper[0].InstanceType} {cheaper[0].Offering.CapacityType.ToLabelValue()} at {Money(replacement.PricePerHour)}/h; saves {Money(saving)}/h"), null);
    }

    /// <summary>Why no replace of <paramref name="nodes"/> is planned yet, if one of them had its replace abandoned recently.</summary>
    private string? BackingOff(IReadOnlyList<ClusterNode> nodes)
    {
        var recent = nodes
            .Where(n => n.ReplaceAbandonedAt is { } at && now - at < Backoff(n))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (recent is null)
        {
            return null;
        }

        var ago = now - recent.ReplaceAbandonedAt!.Value;
        var times = recent.ReplaceAbandons > 1 ? $" (abandoned {recent.ReplaceAbandons} times)" : "";
        return $"replace of node {recent.Name} abandoned {Duration(ago < TimeSpan.Zero ? TimeSpan.Zero : ago)} ago{times}; retried after {Duration(Backoff(recent))} (deleting it without replacement stays allowed)";
    }

    private TimeSpan Backoff(ClusterNode node) => options.BackoffAfter(Math.Max(node.ReplaceAbandons, 1));

    private DisruptionCommand Command(DisruptionReason reason, IReadOnlyList<string> nodes, IReadOnlyList<NodeClaimPlan> replacements, double saving, string why) =>
        new(reason, nodes, replacements, saving, reason == DisruptionReason.Retired ? $"{NodeRetirement.Explanation}; {why}" : why, now, now + options.ValidationDelay);

    private static string Money(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>"40s", "3m", "2.5h": enough for a log line.</summary>
    private static string Duration(TimeSpan t) =>
        t < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalSeconds}s")
        : t < TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.#}h");

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
