using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>The four strategies of one run (Simulation/README.md describes each model).</summary>
internal static class Strategies
{
    public const string This = "this";
    public const string KarpenterDefault = "karpenter-default";
    public const string ClusterAutoscaler = "cluster-autoscaler";
    public const string OnDemandFixed = "on-demand-fixed";

    /// <summary>The extender weight of manifests/scheduler/scheduler-config.yaml.</summary>
    public const int ExtenderWeight = 5;

    /// <summary>Karpenter prices launches and replacements by offering price alone.</summary>
    private static SolverOptions KarpenterSolver { get; } = new() { RestartCostHours = 0, DriversAvoidSpot = false };

    public static IReadOnlyList<string> Names { get; } = [This, KarpenterDefault, ClusterAutoscaler, OnDemandFixed];

    public static Strategy Create(string name, SimulationInput input, NodeGroup group, int fixedPoolSize)
    {
        // The article writes the same required affinity into each job by hand (drivers off spot,
        // executors on spot); the webhook's decision is used for both so they cannot drift apart.
        var webhook = new PlacementOptions();
        var nodeClass = new NodeShape(input).NodeClass;
        return name switch
        {
            This => new Strategy(This, webhook,
                new ExtenderRanker(new NodeScorer(new ScoringOptions(), SpotNodeRule.Default), input.Catalog, ExtenderWeight),
                new SolverProvisioner(SolverOptions.Default.WithNodeClass(nodeClass)),
                new PlannerConsolidation(new DisruptionOptions { Solver = SolverOptions.Default.WithNodeClass(nodeClass) }, sparkAware: true, handlesReclaimNotices: true)),
            // Karpenter launches the lowest-priced fitting offering: the solver without the spot-risk
            // penalty and the per-node disk cost it does not know about, and with no notion of drivers.
            KarpenterDefault => new Strategy(KarpenterDefault, webhook, new LeastAllocatedRanker(),
                new SolverProvisioner(KarpenterSolver),
                input.Options.KarpenterConsolidatesUnderutilized
                    ? new PlannerConsolidation(new DisruptionOptions { Solver = KarpenterSolver, SpotToSpotReplacement = false }, sparkAware: false)
                    : new EmptyNodeRemoval()),
            ClusterAutoscaler => ClusterAutoscalerStrategy(group),
            OnDemandFixed => new Strategy(OnDemandFixed, null, new LeastAllocatedRanker(), new FixedPoolProvisioner(group, fixedPoolSize), new NoConsolidation()),
            _ => throw new ArgumentException($"unknown strategy {name}; known: {string.Join(", ", Names)}"),
        };
    }

    private static Strategy ClusterAutoscalerStrategy(NodeGroup group)
    {
        var scaleUp = new NodeGroupProvisioner(group);
        return new Strategy(ClusterAutoscaler, null, new LeastAllocatedRanker(), scaleUp, new NodeGroupScaleDown(scaleUp));
    }
}
