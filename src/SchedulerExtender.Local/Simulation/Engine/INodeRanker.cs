namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>The scheduler's scoring step: picks one of the nodes that passed the filters.</summary>
internal interface INodeRanker
{
    /// <param name="feasible">Ready nodes the pod fits on and whose labels satisfy it, never empty.</param>
    SimNode Choose(SimPod pod, List<SimNode> feasible, StrategyRun run);
}
