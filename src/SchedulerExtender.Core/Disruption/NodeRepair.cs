using System.Globalization;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Node repair, as Karpenter's (the <c>NodeRepair</c> feature): a node whose Ready condition has
/// been False or Unknown for <see cref="DisruptionOptions.RepairAfter"/>, or that has held one of
/// the <see cref="DisruptionOptions.RepairConditions"/> for its duration, is terminated at once.
/// Its kubelet is dead or cut off (or its kernel, disk or runtime is, by a node-problem-detector's
/// word), so it protects nothing: budgets, do-not-disrupt and running Spark applications do not
/// hold it, and nothing is drained or replaced first (Kubernetes evicts a not-ready node's pods
/// after about five minutes; the pending ones are provisioned as usual).
/// A pool where more than <see cref="MaxUnhealthyPercent"/>% of the nodes (rounded up, as a
/// PodDisruptionBudget's percentage) are unhealthy is left alone: so many nodes failing together
/// points at the cluster (API server, network), and deleting them would not help.
/// </summary>
public static class NodeRepair
{
    /// <summary>Karpenter's limit: up to 20% of a pool's nodes, rounded up, may be unhealthy and still be repaired.</summary>
    public const int MaxUnhealthyPercent = 20;

    public static RepairPlan Plan(ClusterSnapshot snapshot, DateTimeOffset now, DisruptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= DisruptionOptions.Default;
        var repairs = new List<RepairCommand>();
        var blocked = new List<BlockedCandidate>();
        // A retiring node was not launched by schedext: it leaves only through retirement's drain,
        // never forcefully, and does not count in its pool's health (it did not before it was annotated).
        foreach (var pool in snapshot.Nodes.Where(n => !n.Retiring).GroupBy(n => n.NodePool, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var due = pool
                .Where(n => !n.Disrupting)
                .Select(n => (Node: n, Cause: DueCause(n, now, options)))
                .Where(d => d.Cause is not null)
                .OrderBy(d => d.Node.Name, StringComparer.Ordinal)
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            // Every node counts, disrupting or not, and every unhealthy one, due or not yet: the
            // question is whether the pool as a whole is failing.
            var total = pool.Count();
            var unhealthy = pool.Count(n => IsUnhealthy(n, options));
            var allowed = (total * MaxUnhealthyPercent + 99) / 100;
            foreach (var (node, cause) in due)
            {
                if (unhealthy > allowed)
                {
                    blocked.Add(new BlockedCandidate(node.Name, DisruptionReason.Unhealthy, string.Create(CultureInfo.InvariantCulture,
                        $"{unhealthy} of {total} nodes of NodePool {pool.Key} are unhealthy (not ready or a repair condition), more than {MaxUnhealthyPercent}% ({allowed}): not repaired, the cause is likely the cluster (API server, network) rather than the nodes")));
                }
                else
                {
                    var (what, since, after) = cause!.Value;
                    repairs.Add(new RepairCommand(node.Name, since, string.Create(CultureInfo.InvariantCulture,
                        $"{what} since {since:O} ({(now - since).TotalMinutes:F0} min; repaired after {after.TotalMinutes:F0} min)")));
                }
            }
        }

        return new RepairPlan(repairs, blocked);
    }

    /// <summary>
    /// Why the node is due for repair: not Ready for <see cref="DisruptionOptions.RepairAfter"/>
    /// (zero or negative: never), else the first repair condition it has held long enough; null when healthy or not due yet.
    /// </summary>
    private static (string What, DateTimeOffset Since, TimeSpan After)? DueCause(ClusterNode node, DateTimeOffset now, DisruptionOptions options)
    {
        if (options.RepairAfter > TimeSpan.Zero && !node.Ready && node.NotReadySince is { } notReady && now - notReady >= options.RepairAfter)
        {
            return ("not ready", notReady, options.RepairAfter);
        }

        foreach (var policy in options.RepairConditions)
        {
            if (Held(node, policy) is { Since: { } since } && now - since >= policy.After)
            {
                return ($"condition {policy.Type}={policy.Status}", since, policy.After);
            }
        }

        return null;
    }

    private static bool IsUnhealthy(ClusterNode node, DisruptionOptions options) =>
        !node.Ready || options.RepairConditions.Any(policy => Held(node, policy) is not null);

    private static NodeConditionState? Held(ClusterNode node, RepairCondition policy) =>
        node.Conditions.FirstOrDefault(c => c.Type == policy.Type && c.Status == policy.Status);
}
