using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Cluster Autoscaler's scale-down with its defaults, as a baseline model: a node is unneeded
/// while its utilisation (the larger of requested CPU and memory over allocatable) is below
/// 50 % and its pods can move; after 10 minutes unneeded it is removed (empty nodes in bulk,
/// up to 10; at most one node with pods per scan, and only if its pods fit on the other nodes).
/// No scale-down for 10 minutes after a scale-up. A Spark driver is a pod without a controller,
/// which CA will not evict, so a node with a driver is never removed; executors (owned by their
/// driver) are evicted and lose their tasks.
/// </summary>
internal sealed class NodeGroupScaleDown(NodeGroupProvisioner scaleUp) : IConsolidationStep
{
    public const double UtilisationThreshold = 0.5;
    public const double UnneededSeconds = 600;
    public const double DelayAfterAddSeconds = 600;
    public const int MaxEmptyBulkDelete = 10;

    private readonly Dictionary<SimNode, double> unneededSince = [];

    public bool RemovesNodes => true;

    public void Evaluate(StrategyRun run)
    {
        var now = run.Now;
        foreach (var node in unneededSince.Keys.ToList())
        {
            if (node.Gone || !IsCandidate(node))
            {
                unneededSince.Remove(node);
            }
        }

        foreach (var node in run.Nodes)
        {
            if (IsCandidate(node))
            {
                unneededSince.TryAdd(node, now);
            }
        }

        if (now - scaleUp.LastScaleUp < DelayAfterAddSeconds)
        {
            return;
        }

        var due = unneededSince.Where(kv => now - kv.Value >= UnneededSeconds)
            .OrderBy(kv => kv.Value).ThenBy(kv => kv.Key.Id).Select(kv => kv.Key).ToList();
        foreach (var node in due.Where(n => n.Pods.Count == 0).Take(MaxEmptyBulkDelete))
        {
            unneededSince.Remove(node);
            run.Remove(node);
        }

        foreach (var node in due.Where(n => n.Pods.Count > 0))
        {
            if (PodsFitElsewhere(node, run))
            {
                unneededSince.Remove(node);
                run.Remove(node);
                break;
            }
        }
    }

    private static bool IsCandidate(SimNode node) =>
        node.Ready && !node.Gone && node.Nominated.Pods == 0 && node.Utilisation < UtilisationThreshold
        && node.Pods.TrueForAll(p => p.Role != SparkRole.Driver);

    private static bool PodsFitElsewhere(SimNode node, StrategyRun run)
    {
        var room = run.Nodes.Where(n => n != node && n.Ready).Select(n => n.Free).ToList();
        foreach (var pod in node.Pods)
        {
            var index = room.FindIndex(r => r.CopiesOf(pod.Template.Requests) >= 1);
            if (index < 0)
            {
                return false;
            }

            room[index] -= pod.Template.Requests;
        }

        return true;
    }
}
