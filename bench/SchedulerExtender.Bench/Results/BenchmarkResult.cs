namespace SchedulerExtender.Bench.Results;

/// <summary>
/// One benchmark's part of <c>bench/results.json</c>: its figures plus when it ran, how long it
/// took and the machine's load average before and after (the machine may be shared, and the load
/// says how much to trust the timings).
/// </summary>
/// <param name="Status"><see cref="Ran"/>, or <see cref="NotRun"/> for a benchmark missing from a report.</param>
public sealed record BenchmarkResult(
    string Name,
    string Command,
    int Issue,
    string Status,
    DateTimeOffset? Started,
    double? Seconds,
    IReadOnlyList<double>? LoadAverageBefore,
    IReadOnlyList<double>? LoadAverageAfter,
    string? Method,
    IReadOnlyList<BenchmarkCase> Cases,
    IReadOnlyList<Aim> Aims)
{
    public const string Ran = "ran";
    public const string NotRun = "not run";

    public static BenchmarkResult From(BenchmarkDefinition definition, DateTimeOffset started, TimeSpan took, IReadOnlyList<double> loadBefore, IReadOnlyList<double> loadAfter, BenchmarkFigures figures) =>
        new(definition.Name, definition.Command, definition.Issue, Ran, started, took.TotalSeconds, loadBefore, loadAfter, figures.Method, figures.Cases, figures.Aims);

    public static BenchmarkResult Missing(BenchmarkDefinition definition) =>
        new(definition.Name, definition.Command, definition.Issue, NotRun, null, null, null, null, null, [], []);
}
