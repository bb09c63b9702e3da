namespace SchedulerExtender.Local.Simulation.Reports;

/// <summary>Writes a run's report.json, report.md and SVG charts into one directory (created if missing).</summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> Write(SimulationResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        File.WriteAllBytes(json, ReportJson.Write(result));
        var markdown = Path.Combine(directory, "report.md");
        File.WriteAllText(markdown, SummaryTable.ReportMarkdown(result));
        return [json, markdown, .. Charts.Write(result, directory)];
    }
}
