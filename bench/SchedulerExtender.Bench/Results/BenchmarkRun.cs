using System.Diagnostics;

namespace SchedulerExtender.Bench.Results;

/// <summary>
/// Runs one benchmark, records when it ran, how long it took and the load average around it, and
/// leaves its part in the parts folder when one is given (`make bench` collects them).
/// </summary>
public static class BenchmarkRun
{
    /// <returns>The process exit code: 0, or 2 when the benchmark refused its arguments (it returned no figures).</returns>
    public static async Task<int> RunAsync(BenchmarkDefinition definition, string? partsFolder, Func<Task<BenchmarkFigures?>> benchmark)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(benchmark);
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.CurrentLoadAverage();
        var clock = Stopwatch.StartNew();
        var figures = await benchmark();
        if (figures is null)
        {
            return 2;
        }

        var result = BenchmarkResult.From(definition, started, clock.Elapsed, loadBefore, MachineInfo.CurrentLoadAverage(), figures);
        Console.WriteLine();
        Console.Write(MarkdownReport.CasesTable(result));
        if (result.Aims.Count > 0)
        {
            Console.WriteLine();
            Console.Write(MarkdownReport.AimsTable([result]));
        }

        if (partsFolder is not null)
        {
            Console.WriteLine($"part: {ResultsJson.WritePart(partsFolder, result)}");
        }

        return 0;
    }
}
