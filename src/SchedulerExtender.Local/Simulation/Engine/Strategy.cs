using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// One way of running the cluster, as its parts: the admission webhook (null: pods stay as
/// spark-submit wrote them), how the scheduler picks a node, how capacity is added, and how
/// nodes are taken away (consolidation / scale-down; the seam the disruption planner plugs into).
/// </summary>
internal sealed record Strategy(
    string Name,
    PlacementOptions? Webhook,
    INodeRanker Ranker,
    IProvisioner Provisioner,
    IConsolidationStep Consolidation);
