namespace SchedulerExtender.Bench.Results;

/// <summary>
/// `report --parts DIR --out FILE [--markdown FILE]`: assembles the parts the benchmarks left in
/// DIR into results.json, prints the Markdown and, if asked, writes it to a file too.
/// </summary>
public static class ReportCommand
{
    public static int Run(string[] args)
    {
        var parts = Option(args, "--parts");
        var output = Option(args, "--out");
        if (parts is null || output is null)
        {
            Console.Error.WriteLine("usage: report --parts DIR --out FILE [--markdown FILE]");
            return 2;
        }

        var (commit, dirty) = GitInfo.Current();
        var report = BenchmarkReport.Assemble(ResultsJson.ReadParts(parts), DateTimeOffset.UtcNow, commit, dirty, MachineInfo.Current());
        File.WriteAllText(output, ResultsJson.Serialize(report));
        var markdown = MarkdownReport.Render(report);
        if (Option(args, "--markdown") is { } markdownFile)
        {
            File.WriteAllText(markdownFile, markdown);
        }

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"results: {output}");
        var missing = report.Benchmarks.Where(b => b.Status != BenchmarkResult.Ran).Select(b => b.Name).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"not run: {string.Join(", ", missing)}");
            return 1;
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
