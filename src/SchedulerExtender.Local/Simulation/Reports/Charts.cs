using ScottPlot;

namespace SchedulerExtender.Local.Simulation.Reports;

/// <summary>SVG charts of the time series: cost over time per strategy, nodes by capacity type, CPU utilisation.</summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 450;

    /// <summary>Writes cost.svg, nodes.svg and utilization.svg into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = new List<string>
        {
            Save(directory, "cost.svg", $"Cost over time ({result.Currency})", result.Currency, plot =>
            {
                foreach (var s in result.Strategies)
                {
                    Line(plot, s, x => x.Cost, s.Name);
                }
            }),
            Save(directory, "nodes.svg", "Nodes by capacity type", "nodes", plot =>
            {
                foreach (var s in result.Strategies)
                {
                    Line(plot, s, x => x.SpotNodes, $"{s.Name} spot");
                    Line(plot, s, x => x.OnDemandNodes, $"{s.Name} on-demand");
                }
            }),
            Save(directory, "utilization.svg", "CPU requested / allocatable", "utilisation", plot =>
            {
                foreach (var s in result.Strategies)
                {
                    Line(plot, s, x => x.CpuUtilization, s.Name);
                }
            }),
        };
        return paths;
    }

    private static void Line(Plot plot, StrategyResult s, Func<TimeSample, double> value, string label)
    {
        var xs = s.Series.Select(x => x.Seconds / 3600).ToArray();
        var ys = s.Series.Select(value).ToArray();
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
    }

    private static string Save(string directory, string file, string title, string yLabel, Action<Plot> draw)
    {
        var plot = new Plot();
        draw(plot);
        plot.Title(title);
        plot.XLabel("hours");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        var path = Path.Combine(directory, file);
        plot.SaveSvg(path, Width, Height);
        return path;
    }
}
