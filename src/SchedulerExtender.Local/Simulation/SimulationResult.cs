namespace SchedulerExtender.Local.Simulation;

/// <summary>Every strategy's outcome on one workload, with the lower bound they are measured against.</summary>
public sealed record SimulationResult
{
    public required string Currency { get; init; }

    public required double LowerBoundCost { get; init; }

    public required string WorkloadName { get; init; }

    public required int Apps { get; init; }

    public required long Pods { get; init; }

    public required string Region { get; init; }

    public required int Seed { get; init; }

    /// <summary>The baselines' node type (cluster-autoscaler's group, the fixed pool) and the fixed pool's size.</summary>
    public required string BaselineInstanceType { get; init; }

    public required int FixedPoolNodes { get; init; }

    public required IReadOnlyList<StrategyResult> Strategies { get; init; }
}
