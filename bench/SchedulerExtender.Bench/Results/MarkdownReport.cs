using System.Globalization;
using System.Text;

namespace SchedulerExtender.Bench.Results;

/// <summary>
/// The short Markdown `make bench` prints and the README carries: one line on the run and the
/// machine, one table of the issues' aims (measured, aim, measured / aim, met), then each
/// benchmark's cases as a table whose columns are its figures.
/// </summary>
public static class MarkdownReport
{
    private const string Missing = "–";

    // Figure names end in their unit (bench/README.md); a name without one is a count.
    private static readonly string[] UnitSuffixes = ["Ms", "Seconds", "PerSecond", "KiB", "Cny", "PerHour", "Bytes"];

    public static string Render(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(RunLine(report)).AppendLine();
        text.Append(AimsTable(report.Benchmarks)).AppendLine();
        foreach (var benchmark in report.Benchmarks.Where(b => b.Status == BenchmarkResult.Ran))
        {
            text.AppendLine(Invariant($"**{benchmark.Name}** (`{benchmark.Command}`, {benchmark.Seconds:0} s, load average {Load(benchmark.LoadAverageBefore)} before, {Load(benchmark.LoadAverageAfter)} after): {benchmark.Method}"));
            text.AppendLine();
            text.Append(CasesTable(benchmark)).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>When, where and at which commit, e.g. "2026-11-24 07:40 UTC · 2 cores Intel(R) Xeon(R) … · load average 3.1, 4.2, 5.0".</summary>
    public static string RunLine(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Machine;
        var commit = report.GitCommit.Length > 12 ? report.GitCommit[..12] : report.GitCommit;
        return Invariant(
            $"{report.Date.ToUniversalTime():yyyy-MM-dd HH:mm} UTC · {m.Cores} cores, {m.CpuModel} · {m.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB · {m.Os} · .NET {m.Dotnet} · commit {commit}{(report.GitDirty ? " (with uncommitted changes)" : "")} · load average {Load(m.LoadAverage)} at the end");
    }

    /// <summary>Every aim of every benchmark, one row each; a benchmark that did not run is one row that says so.</summary>
    public static string AimsTable(IEnumerable<BenchmarkResult> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        var rows = new List<string[]>();
        foreach (var benchmark in benchmarks)
        {
            if (benchmark.Status != BenchmarkResult.Ran)
            {
                rows.Add([benchmark.Name, Invariant($"#{benchmark.Issue}: {benchmark.Status}"), Missing, Missing, Missing, "**no**"]);
                continue;
            }

            if (benchmark.Aims.Count == 0)
            {
                rows.Add([benchmark.Name, Invariant($"#{benchmark.Issue}: no aim applies to this run's sizes"), Missing, Missing, Missing, Missing]);
                continue;
            }

            rows.AddRange(benchmark.Aims.Select(a => new[]
            {
                benchmark.Name, Invariant($"#{a.Issue}: {a.Description}"), WithUnit(a.Value, a.Unit, measured: true),
                $"{Symbol(a.Comparison)} {WithUnit(a.Target, a.Unit, measured: false)}", a.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : Missing, a.Met ? "yes" : "**no**",
            }));
        }

        return Table(["benchmark", "aim (issue)", "measured", "aim", "measured / aim", "met"], [false, false, true, true, true, false], rows);
    }

    /// <summary>One row per case, one column per figure (in the order the benchmark gave them); a figure a case lacks is "–".</summary>
    public static string CasesTable(BenchmarkResult benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var figures = benchmark.Cases.SelectMany(c => c.Figures.Keys).Distinct(StringComparer.Ordinal).ToList();
        var rows = benchmark.Cases.Select(c => new[] { c.Name }.Concat(figures.Select(f => c.Figures.TryGetValue(f, out var v) ? Figure(f, v) : Missing)).ToArray()).ToList();
        return Table(["case", .. figures], [false, .. figures.Select(_ => true)], rows);
    }

    /// <summary>
    /// A figure as the tables show it: fractions (vsFloor, …Ratio) as percentages, counts (names
    /// without a unit suffix) as whole numbers, measurements by magnitude (3 significant digits or more).
    /// </summary>
    public static string Figure(string name, double value) =>
        name == "vsFloor" || name.EndsWith("Ratio", StringComparison.Ordinal) ? Percent(value)
        : UnitSuffixes.Any(u => name.EndsWith(u, StringComparison.Ordinal)) ? Number(value, wholeAsInteger: false)
        : Number(value, wholeAsInteger: true);

    // A measured value keeps its decimals even when they happen to be zero (4.00 ms beside 4.10 ms);
    // a target or a count is shown as the issue writes it (≤ 2 ms, ≥ 5,000 pods/s).
    private static string WithUnit(double value, string unit, bool measured) =>
        unit == Aim.RatioUnit ? Percent(value)
        : !double.IsFinite(value) ? Missing
        : unit.Length == 0 ? Number(value, wholeAsInteger: true)
        : $"{Number(value, wholeAsInteger: !measured)} {unit}";

    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : Missing;

    private static string Number(double value, bool wholeAsInteger)
    {
        if (!double.IsFinite(value))
        {
            return Missing;
        }

        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 || (wholeAsInteger && value == Math.Round(value)) ? "#,0"
            : magnitude >= 100 ? "0"
            : magnitude >= 10 ? "0.0"
            : magnitude >= 0.1 || value == 0 ? "0.00"
            : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Symbol(string comparison) => comparison switch
    {
        ">=" => "≥",
        "<=" => "≤",
        _ => comparison,
    };

    private static string Load(IReadOnlyList<double>? load) =>
        load is { Count: > 0 } ? string.Join(", ", load.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture))) : "unknown";

    private static string Table(IReadOnlyList<string> header, IReadOnlyList<bool> rightAligned, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header.Select(Cell)) + " |");
        text.AppendLine("|" + string.Join("|", rightAligned.Select(r => r ? "---:" : "---")) + "|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }

        return text.ToString();
    }

    // A pipe inside a cell would end it early.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
