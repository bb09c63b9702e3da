namespace SchedulerExtender.Bench.Results;

/// <summary>
/// One measured situation of a benchmark (an endpoint, a cluster size and mode, a strategy) and
/// its figures. Figure names are camelCase and carry their unit as a suffix (<c>p99Ms</c>,
/// <c>requestsPerSecond</c>, <c>wallSeconds</c>, <c>costCny</c>); <c>vsFloor</c> is this case's
/// throughput over the floor's in the same run (1 = as fast as the floor). NaN means "not measured".
/// </summary>
public sealed record BenchmarkCase(string Name, IReadOnlyDictionary<string, double> Figures)
{
    /// <summary>Builds the figures in the order given, which is the order of the table's columns.</summary>
    public static BenchmarkCase Of(string name, params (string Figure, double Value)[] figures)
    {
        var ordered = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (figure, value) in figures)
        {
            ordered.Add(figure, value);
        }

        return new BenchmarkCase(name, ordered);
    }
}
