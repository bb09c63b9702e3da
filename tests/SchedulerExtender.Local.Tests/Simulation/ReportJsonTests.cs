using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Simulation;
using SchedulerExtender.Local.Simulation.Reports;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Tests.Simulation;

/// <summary>report.json has exactly the shape DESIGN.md promises, and the report files are written.</summary>
public sealed class ReportJsonTests
{
    private static readonly string[] StrategyFields =
    [
        "cost", "nodeHours", "cpuUtilization", "memoryUtilization", "jobsCompleted", "jobsFailed", "podsNeverScheduled",
        "driversOnSpot", "executorsOnSpot", "executorsTotal", "pendingSeconds", "interruptions", "orphanInstances",
        "nodesAtEnd", "makespanSeconds",
    ];

    [Fact]
    public void Report_json_has_every_field_of_the_contract_with_the_right_types()
    {
        var result = Simulate();
        var json = JsonNode.Parse(ReportJson.Write(result))!.AsObject();

        json["currency"]!.GetValue<string>().Should().Be("CNY");
        json["lowerBoundCost"]!.GetValue<double>().Should().BeApproximately(result.LowerBoundCost, 1e-4);
        json["workload"]!["apps"]!.GetValue<int>().Should().Be(1);
        json["workload"]!["pods"]!.GetValue<long>().Should().Be(21);
        var strategies = json["strategies"]!.AsObject();
        strategies.Select(p => p.Key).Should().Equal("this", "karpenter-default", "cluster-autoscaler", "on-demand-fixed");
        foreach (var (name, node) in strategies)
        {
            var s = node!.AsObject();
            s.Select(p => p.Key).Should().Contain(StrategyFields, name);
            foreach (var field in StrategyFields.Where(f => f != "pendingSeconds"))
            {
                s[field]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number, $"{name}.{field}");
            }

            s["pendingSeconds"]!.AsObject().Select(p => p.Key).Should().Equal("p50", "p99");
        }

        strategies["this"]!["jobsCompleted"]!.GetValue<int>().Should().Be(result.Strategies[0].JobsCompleted);
        strategies["this"]!["cost"]!.GetValue<double>().Should().BeApproximately(result.Strategies[0].Cost, 1e-4);
    }

    [Fact]
    public void The_writer_creates_json_markdown_and_three_svg_charts()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"schedext-report-{Guid.NewGuid():N}");
        try
        {
            var files = ReportWriter.Write(Simulate(), directory);

            files.Select(Path.GetFileName).Should().BeEquivalentTo(["report.json", "report.md", "cost.svg", "nodes.svg", "utilization.svg"]);
            File.ReadAllText(Path.Combine(directory, "report.md")).Should().Contain("| this |").And.Contain("| on-demand-fixed |").And.Contain("cost.svg");
            File.ReadAllText(Path.Combine(directory, "cost.svg")).Should().Contain("<svg").And.Contain("karpenter-default");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static SimulationResult Simulate() =>
        CostSimulator.Run(new SimulationInput(BuiltInWorkloads.SparkPi(), BuiltInCatalog.Catalog, "cn-shenzhen", ArticleConfig.Create(), SimulationOptions.Default));
}
