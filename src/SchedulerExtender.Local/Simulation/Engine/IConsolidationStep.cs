namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// The consolidation seam: every disruption interval the step looks at the cluster and removes
/// (<see cref="StrategyRun.Remove"/>) or replaces nodes. The simulator's own baseline models
/// (Karpenter's empty-node removal, Cluster Autoscaler's scale-down) implement it, and so does
/// the adapter to the project's disruption planner, so that planner's decision is called, not copied.
/// </summary>
internal interface IConsolidationStep
{
    /// <summary>False when the step never removes a node (a fixed pool): the run then ends with the last job.</summary>
    bool RemovesNodes { get; }

    void Evaluate(StrategyRun run);

    /// <summary>
    /// The cloud announced that <paramref name="node"/>'s spot instance will be released after the
    /// notice. A step that reacts (the product's interruption handling) drains and replaces the
    /// node and returns true; false leaves the node to vanish, with its pods, at the release.
    /// </summary>
    bool HandleReclaimNotice(StrategyRun run, SimNode node) => false;
}
