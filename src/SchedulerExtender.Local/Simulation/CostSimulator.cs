using SchedulerExtender.Local.Simulation.Engine;

namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// Replays a workload against <c>this</c>, <c>karpenter-default</c>, <c>cluster-autoscaler</c>
/// and <c>on-demand-fixed</c> on a virtual clock. Deterministic: the same input (seed included)
/// gives the same result. Prices are in the catalogue's currency, CNY.
/// </summary>
public static class CostSimulator
{
    public const string Currency = "CNY";

    public static IReadOnlyList<string> StrategyNames => Strategies.Names;

    /// <param name="progress">Called with the strategy's name and its fraction done (0..1) as the run advances.</param>
    public static SimulationResult Run(SimulationInput input, Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var types = input.Catalog.TypesIn(input.Region);
        if (types.Count == 0)
        {
            throw new ArgumentException($"region {input.Region} is not in the price list; regions: {string.Join(", ", input.Catalog.Regions)}");
        }

        var shape = new NodeShape(input);
        var group = BaselineSizing.ChooseGroup(input.Workload, types, shape.AllocatableOf);
        var poolSize = BaselineSizing.PeakNodes(input.Workload, shape.AllocatableOf(group.Type));

        // The strategies share nothing mutable (each run has its own clock, nodes, pods and seeded
        // random source), so they run side by side on the machine's cores; results keep their
        // order and a run is as deterministic as alone. Progress reports are serialised.
        var results = new StrategyResult[Strategies.Names.Count];
        var gate = new object();
        Parallel.For(0, Strategies.Names.Count, i =>
        {
            var name = Strategies.Names[i];
            var run = new StrategyRun(Strategies.Create(name, input, group, poolSize), input, i);
            results[i] = run.Run(progress is null ? null : f =>
            {
                lock (gate)
                {
                    progress(name, f);
                }
            });
        });

        return new SimulationResult
        {
            Currency = Currency,
            LowerBoundCost = LowerBound.Cost(input),
            WorkloadName = input.Workload.Name,
            Apps = input.Workload.Applications.Count,
            Pods = input.Workload.Pods,
            Region = input.Region,
            Seed = input.Options.Seed,
            BaselineInstanceType = group.Type.Name,
            FixedPoolNodes = poolSize,
            Strategies = results,
        };
    }
}
