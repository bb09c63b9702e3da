namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Karpenter's empty-node consolidation as a baseline model: a NodePool's Ready node with no
/// pods and none on their way to it is deleted once it has been empty for the pool's
/// <c>consolidateAfter</c> (never when that is Never). It moves no pods, so it cannot cost work.
/// <c>karpenter-default</c> uses it when <see cref="SimulationOptions.KarpenterConsolidatesUnderutilized"/> is false.
/// </summary>
internal sealed class EmptyNodeRemoval : IConsolidationStep
{
    public bool RemovesNodes => true;

    public void Evaluate(StrategyRun run)
    {
        var pools = run.Input.Config.NodePools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var node in run.Nodes.ToList())
        {
            if (!node.Ready || node.Pods.Count > 0 || node.Nominated.Pods > 0 || node.IdleSince is not { } since
                || node.NodePool is null || !pools.TryGetValue(node.NodePool, out var pool)
                || pool.Disruption.ConsolidateAfter is not { } after)
            {
                continue;
            }

            if (run.Now - since >= after.TotalSeconds)
            {
                run.Remove(node);
            }
        }
    }
}
