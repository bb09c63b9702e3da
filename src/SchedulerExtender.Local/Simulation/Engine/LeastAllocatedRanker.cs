namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// kube-scheduler's default scoring as modelled here: NodeResourcesFit with the LeastAllocated
/// strategy (CPU and memory weighted 1 each: the mean free fraction after placing the pod, ×100,
/// integer arithmetic as in the scheduler). It spreads pods over the emptiest nodes. The other
/// default plugins score equally for these pods and are left out. Ties go to the node launched first.
/// </summary>
internal sealed class LeastAllocatedRanker : INodeRanker
{
    public const int MaxNodeScore = 100;

    public SimNode Choose(SimPod pod, List<SimNode> feasible, StrategyRun run)
    {
        var best = feasible[0];
        var bestScore = long.MinValue;
        foreach (var node in feasible)
        {
            var score = Score(pod, node);
            if (score > bestScore)
            {
                (best, bestScore) = (node, score);
            }
        }

        return best;
    }

    public static long Score(SimPod pod, SimNode node)
    {
        var after = node.Requested + pod.Template.Requests;
        return (Free(after.MilliCpu, node.Allocatable.MilliCpu) + Free(after.MemoryBytes, node.Allocatable.MemoryBytes)) / 2;
    }

    private static long Free(long requested, long capacity) =>
        capacity <= 0 || requested > capacity ? 0 : (capacity - requested) * MaxNodeScore / capacity;
}
