namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Karpenter's voluntary methods, in order, stopping at the first that yields a command:
/// empty nodes (all at once, within budgets), then drift, retirement and expiry (one node), then several
/// nodes into at most one cheaper node, then one node deleted or replaced by a cheaper one.
/// Candidates are tried cheapest-to-disrupt first: fewest pods to move, then the most expensive
/// node, then by name, so the order never depends on the input.
/// </summary>
internal sealed class VoluntaryMethods(
    IReadOnlyList<NodeAssessment> unblocked,
    BudgetTracker budgets,
    ActionEvaluator evaluator,
    DisruptionOptions options,
    List<BlockedCandidate> blocked)
{
    public IReadOnlyList<DisruptionCommand> Run()
    {
        foreach (var method in new Func<IReadOnlyList<DisruptionCommand>>[] { Emptiness, DriftAndExpiry, MultiNode, SingleNode })
        {
            var commands = method();
            if (commands.Count > 0)
            {
                return commands;
            }
        }

        return [];
    }

    private IReadOnlyList<DisruptionCommand> Emptiness()
    {
        var taken = new List<ClusterNode>();
        DisruptionCommand? command = null;
        foreach (var a in unblocked.Where(a => a.HasReason(DisruptionReason.Empty))
                     .OrderByDescending(a => a.Node.PricePerHour).ThenBy(a => a.Node.Name, StringComparer.Ordinal))
        {
            if (budgets.Allowed(a, DisruptionReason.Empty) <= 0)
            {
                blocked.Add(new BlockedCandidate(a.Node.Name, DisruptionReason.Empty, BudgetTracker.Exhausted(a, DisruptionReason.Empty)));
                continue;
            }

            // Each node is added only if the set still needs no new node (pending pods may count on it).
            var (withIt, whyNot) = evaluator.Evaluate([.. taken, a.Node], DisruptionReason.Empty);
            if (withIt is null)
            {
                blocked.Add(new BlockedCandidate(a.Node.Name, DisruptionReason.Empty, whyNot!));
                continue;
            }

            budgets.Take(a);
            taken.Add(a.Node);
            command = withIt;
        }

        return command is null ? [] : [command];
    }

    private IReadOnlyList<DisruptionCommand> DriftAndExpiry()
    {
        foreach (var a in unblocked.Where(a => a.Drifted || a.Retired || a.Expired)
                     .OrderBy(a => a.Node.CreatedAt).ThenBy(a => a.Node.Name, StringComparer.Ordinal))
        {
            var reason = a.Retired ? DisruptionReason.Retired : a.Drifted ? DisruptionReason.Drifted : DisruptionReason.Expired;
            if (TryOne(a, reason) is { } command)
            {
                return [command];
            }
        }

        return [];
    }

    private IReadOnlyList<DisruptionCommand> MultiNode()
    {
        var candidates = WithinBudget(ConsolidationOrder(unblocked.Where(a => a.Underutilized && !a.IsEmpty)))
            .Take(options.MaxMultiNodeCandidates).ToList();
        // As Karpenter: binary search for the longest prefix that consolidates, assuming that if k
        // nodes cannot go together, more cannot either (not always true, but it bounds the solves).
        DisruptionCommand? best = null;
        var bestCount = 0;
        var (lo, hi) = (2, candidates.Count);
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var (command, _) = evaluator.Evaluate([.. candidates.Take(mid).Select(a => a.Node)], DisruptionReason.Underutilized);
            if (command is null)
            {
                hi = mid - 1;
            }
            else
            {
                (best, bestCount) = (command, mid);
                lo = mid + 1;
            }
        }

        if (best is null)
        {
            return [];
        }

        foreach (var a in candidates.Take(bestCount))
        {
            budgets.Take(a);
        }

        return [best];
    }

    private IReadOnlyList<DisruptionCommand> SingleNode()
    {
        foreach (var a in ConsolidationOrder(unblocked.Where(a => a.Underutilized && !a.IsEmpty)))
        {
            if (TryOne(a, DisruptionReason.Underutilized) is { } command)
            {
                return [command];
            }
        }

        return [];
    }

    private DisruptionCommand? TryOne(NodeAssessment a, DisruptionReason reason)
    {
        if (budgets.Allowed(a, reason) <= 0)
        {
            blocked.Add(new BlockedCandidate(a.Node.Name, reason, BudgetTracker.Exhausted(a, reason)));
            return null;
        }

        var (command, whyNot) = evaluator.Evaluate([a.Node], reason);
        if (command is null)
        {
            blocked.Add(new BlockedCandidate(a.Node.Name, reason, whyNot!));
            return null;
        }

        budgets.Take(a);
        return command;
    }

    /// <summary>Keeps, pool by pool, only as many candidates as the Underutilized budget allows now.</summary>
    private IEnumerable<NodeAssessment> WithinBudget(IEnumerable<NodeAssessment> ordered)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in ordered)
        {
            var count = used.GetValueOrDefault(a.Node.NodePool);
            if (count < budgets.Allowed(a, DisruptionReason.Underutilized))
            {
                used[a.Node.NodePool] = count + 1;
                yield return a;
            }
        }
    }

    private static IEnumerable<NodeAssessment> ConsolidationOrder(IEnumerable<NodeAssessment> candidates) =>
        candidates.OrderBy(a => a.NeedsHome.Count)
            .ThenByDescending(a => a.Node.PricePerHour)
            .ThenBy(a => a.Node.Name, StringComparer.Ordinal);
}
