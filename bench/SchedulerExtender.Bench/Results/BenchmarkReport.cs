using System.Text.Json.Serialization;

namespace SchedulerExtender.Bench.Results;

/// <summary>
/// <c>bench/results.json</c>: one `make bench` run — when, on what machine, at which commit, and
/// every benchmark's figures with the issues' aims (bench/README.md documents each field).
/// </summary>
/// <param name="Schema">"schedext-bench/1"; changes when a field changes meaning or goes away.</param>
/// <param name="Date">When the report was written, UTC.</param>
/// <param name="GitDirty">Whether tracked files differed from <paramref name="GitCommit"/> when it ran.</param>
public sealed record BenchmarkReport(string Schema, DateTimeOffset Date, string GitCommit, bool GitDirty, MachineInfo Machine, [property: JsonPropertyOrder(1)] IReadOnlyList<BenchmarkResult> Benchmarks)
{
    public const string CurrentSchema = "schedext-bench/1";

    /// <summary>
    /// Every benchmark ran, checked its issue's aims (a run at other sizes checks none) and met each.
    /// Written before the benchmarks (they have order 1), where a reader looks first.
    /// </summary>
    public bool AllAimsMet => Benchmarks.All(b => b.Status == BenchmarkResult.Ran && b.Aims.Count > 0 && b.Aims.All(a => a.Met));

    /// <summary>
    /// The report of the parts that ran, in the order of <see cref="BenchmarkDefinition.All"/>;
    /// a benchmark without a part is listed as not run, so a partial run cannot pass for a full one.
    /// </summary>
    public static BenchmarkReport Assemble(IEnumerable<BenchmarkResult> parts, DateTimeOffset date, string gitCommit, bool gitDirty, MachineInfo machine)
    {
        var byName = parts.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var unknown = byName.Keys.Where(n => BenchmarkDefinition.Find(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown benchmark(s): {string.Join(", ", unknown)}");
        }

        var benchmarks = BenchmarkDefinition.All.Select(d => byName.GetValueOrDefault(d.Name) ?? BenchmarkResult.Missing(d)).ToList();
        return new BenchmarkReport(CurrentSchema, date.ToUniversalTime(), gitCommit, gitDirty, machine, benchmarks);
    }
}
