namespace SchedulerExtender.Bench.Results;

/// <summary>A benchmark `make bench` runs: its name on the command line, its make target and the issue that sets its aims.</summary>
public sealed record BenchmarkDefinition(string Name, string Command, int Issue)
{
    public static BenchmarkDefinition Webhook { get; } = new("webhook", "make bench-webhook", 2);

    public static BenchmarkDefinition Extender { get; } = new("extender", "make bench-extender", 3);

    public static BenchmarkDefinition Solver { get; } = new("solver", "make bench-solver", 5);

    public static BenchmarkDefinition Simulator { get; } = new("sim", "make bench-sim", 7);

    /// <summary>In the order `make bench` runs them and the report lists them.</summary>
    public static IReadOnlyList<BenchmarkDefinition> All { get; } = [Webhook, Extender, Solver, Simulator];

    public static BenchmarkDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
