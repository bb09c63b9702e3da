using System.Globalization;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Node repair, as Karpenter's (the <c>NodeRepair</c> feature): a node whose Ready condition has
/// been False or Unknown for <see cref="DisruptionOptions.RepairAfter"/> is terminated at once.
/// Its kubelet is dead or cut off, so it runs no pods and protects nothing: budgets, do-not-disrupt
/// and running Spark applications do not hold it, and nothing is drained or replaced first
/// (Kubernetes evicts its pods after about five minutes; the pending ones are provisioned as usual).
/// A pool where more than <see cref="MaxUnhealthyPercent"/>% of the nodes (rounded up, as a
/// PodDisruptionBudget's percentage) are not ready is left alone: so many nodes failing together
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
        if (options.RepairAfter <= TimeSpan.Zero)
        {
            return new RepairPlan([], []);
        }

        var repairs = new List<RepairCommand>();
        var blocked = new List<BlockedCandidate>();
        foreach (var pool in snapshot.Nodes.GroupBy(n => n.NodePool, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var due = pool
                .Where(n => !n.Ready && !n.Disrupting && n.NotReadySince is { } since && now - since >= options.RepairAfter)
                .OrderBy(n => n.Name, StringComparer.Ordinal)
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            // Every node counts, disrupting or not, and every not-ready one, due or not yet: the
            // question is whether the pool as a whole is failing.
            var total = pool.Count();
            var unhealthy = pool.Count(n => !n.Ready);
            var allowed = (total * MaxUnhealthyPercent + 99) / 100;
            foreach (var node in due)
            {
                if (unhealthy > allowed)
                {
                    blocked.Add(new BlockedCandidate(node.Name, DisruptionReason.Unhealthy, string.Create(CultureInfo.InvariantCulture,
                        $"{unhealthy} of {total} nodes of NodePool {pool.Key} are not ready, more than {MaxUnhealthyPercent}% ({allowed}): not repaired, the cause is likely the cluster (API server, network) rather than the nodes")));
                }
                else
                {
                    var since = node.NotReadySince!.Value;
                    repairs.Add(new RepairCommand(node.Name, since, string.Create(CultureInfo.InvariantCulture,
                        $"not ready since {since:O} ({(now - since).TotalMinutes:F0} min; repaired after {options.RepairAfter.TotalMinutes:F0} min)")));
                }
            }
        }

        return new RepairPlan(repairs, blocked);
    }
}
