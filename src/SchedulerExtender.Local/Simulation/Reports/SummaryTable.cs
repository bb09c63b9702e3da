using System.Globalization;
using System.Text;

namespace SchedulerExtender.Local.Simulation.Reports;

/// <summary>The strategies side by side, as a Markdown table (report.md, and the CLI's summary).</summary>
public static class SummaryTable
{
    public static string Markdown(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = new StringBuilder();
        t.AppendLine(CultureInfo.InvariantCulture, $"| strategy | cost ({result.Currency}) | × lower bound | % of on-demand-fixed | node-hours | CPU util. | jobs done | failed | drivers on spot | executors on spot | pending p50 / p99 (s) | interruptions | nodes at end | makespan (h) |");
        t.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var fixedCost = result.Strategies.FirstOrDefault(s => s.Name == "on-demand-fixed")?.Cost;
        foreach (var s in result.Strategies)
        {
            var bound = result.LowerBoundCost > 0 ? (s.Cost / result.LowerBoundCost).ToString("0.00", CultureInfo.InvariantCulture) : "-";
            var ofFixed = fixedCost is > 0 ? (s.Cost / fixedCost.Value).ToString("P1", CultureInfo.InvariantCulture) : "-";
            t.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Cost:0.00} | {bound} | {ofFixed} | {s.NodeHours:0.0} | {s.CpuUtilization:P0} | {s.JobsCompleted} | {s.JobsFailed} | {s.DriversOnSpot} | {s.ExecutorsOnSpot}/{s.ExecutorsTotal} | {s.PendingSecondsP50:0} / {s.PendingSecondsP99:0} | {s.Interruptions} | {s.NodesAtEnd} | {s.MakespanSeconds / 3600:0.0} |");
        }

        return t.ToString();
    }

    public static string ReportMarkdown(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = new StringBuilder();
        t.AppendLine(CultureInfo.InvariantCulture, $"# Cost simulation: {result.WorkloadName}");
        t.AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture,
            $"{result.Apps} applications, {result.Pods} pods; region {result.Region}; seed {result.Seed}. Lower bound (no schedule under these NodePools can cost less: every pod-hour at the most a node it fits on can charge it, whole pods, allocatable and system disks counted, no boot or idle time): **{result.LowerBoundCost:0.00} {result.Currency}**.");
        t.AppendLine(CultureInfo.InvariantCulture,
            $"Baselines use {result.BaselineInstanceType} on-demand nodes; the fixed pool has {result.FixedPoolNodes} of them.");
        t.AppendLine();
        t.Append(Markdown(result));
        t.AppendLine();
        t.AppendLine("![cost over time](cost.svg)");
        t.AppendLine();
        t.AppendLine("![nodes by capacity type](nodes.svg)");
        t.AppendLine();
        t.AppendLine("![CPU utilisation](utilization.svg)");
        return t.ToString();
    }
}
