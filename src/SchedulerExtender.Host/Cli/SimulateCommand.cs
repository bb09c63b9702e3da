using System.CommandLine;
using System.Globalization;
using SchedulerExtender.Alibaba.Catalog;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Local.Simulation;
using SchedulerExtender.Local.Simulation.Reports;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Host.Cli;

/// <summary>
/// <c>schedext simulate</c>: replays a workload against this system and the baselines on a
/// virtual clock, writes report.json, report.md and SVG charts, prints a summary table.
/// A progress bar goes to stderr.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var workload = new Option<string>("--workload") { Description = "Workload CSV file, or builtin:spark-pi / builtin:spark-day.", Required = true };
        var prices = new Option<string?>("--prices") { Description = "Price file (e.g. ../shared/data/alibabacloud-prices-2024-06-12.json); default: the built-in catalogue." };
        var region = new Option<string>("--region") { Description = "Region whose prices are used.", DefaultValueFactory = _ => "cn-shenzhen" };
        var nodePool = new Option<string?>("--nodepool") { Description = "NodePool YAML (with --nodeclass); default: the article's." };
        var nodeClass = new Option<string?>("--nodeclass") { Description = "ECSNodeClass YAML (with --nodepool)." };
        var output = new Option<string>("--out") { Description = "Directory for report.json, report.md and the charts.", DefaultValueFactory = _ => "simulation" };
        var seed = new Option<int>("--seed") { Description = "Seed of the spot reclaim model.", DefaultValueFactory = _ => 1 };

        var command = new Command("simulate", "Replay a Spark workload against this system and its baselines; report cost and outcomes.")
        {
            workload, prices, region, nodePool, nodeClass, output, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var config = LoadConfig(parse.GetValue(nodePool), parse.GetValue(nodeClass));
                var catalog = parse.GetValue(prices) is { } path
                    ? await PriceFileParser.LoadAsync(path, cancellationToken).ConfigureAwait(false)
                    : BuiltInCatalog.Catalog;
                var input = new SimulationInput(WorkloadSource.Load(parse.GetValue(workload)!), catalog, parse.GetValue(region)!, config,
                    SimulationOptions.Default with { Seed = parse.GetValue(seed) });
                var bar = new ProgressBar(Console.Error);
                var result = CostSimulator.Run(input, bar.Report);
                bar.Done();
                var files = ReportWriter.Write(result, parse.GetValue(output)!);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.WorkloadName}: {result.Apps} applications, {result.Pods} pods, {result.Region}; lower bound {result.LowerBoundCost:0.00} {result.Currency}"));
                Console.Write(SummaryTable.Markdown(result));
                Console.WriteLine($"wrote {string.Join(", ", files)}");
                return 0;
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"schedext simulate: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static ProvisioningConfig LoadConfig(string? nodePool, string? nodeClass)
    {
        if (nodePool is null && nodeClass is null)
        {
            return ArticleConfig.Create();
        }

        if (nodePool is null || nodeClass is null)
        {
            throw new ArgumentException("--nodepool and --nodeclass go together");
        }

        var source = new ProvisioningConfigSource();
        var errors = source.LoadFiles(nodePool, nodeClass);
        return errors.Count == 0 ? source.Current : throw new FormatException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>One line on stderr, redrawn as each strategy advances.</summary>
    private sealed class ProgressBar(TextWriter writer)
    {
        private const int Width = 30;
        private string last = "";

        public void Report(string strategy, double fraction)
        {
            var filled = (int)Math.Round(fraction * Width);
            var line = string.Create(CultureInfo.InvariantCulture, $"\r{strategy,-20} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}");
            if (line != last)
            {
                last = line;
                writer.Write(line);
            }
        }

        public void Done() => writer.WriteLine();
    }
}
