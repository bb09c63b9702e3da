using System.Text.Json.Nodes;
using SchedulerExtender.Host.Cli;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary><c>schedext simulate</c>: writes the reports and prints the table; bad input exits 2 with a message.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulating_spark_pi_writes_the_reports_and_prints_every_strategy()
    {
        var folder = Directory.CreateTempSubdirectory("schedext-sim-").FullName;
        try
        {
            var (code, output, _) = await RunAsync("simulate", "--workload", "builtin:spark-pi", "--out", folder, "--seed", "3");

            code.Should().Be(0);
            output.Should().Contain("| this |").And.Contain("| karpenter-default |").And.Contain("| cluster-autoscaler |").And.Contain("| on-demand-fixed |");
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")))!;
            report["workload"]!["pods"]!.GetValue<long>().Should().Be(21);
            report["strategies"]!["this"]!["driversOnSpot"]!.GetValue<int>().Should().Be(0);
            report["run"]!["seed"]!.GetValue<int>().Should().Be(3);
            File.Exists(Path.Combine(folder, "nodes.svg")).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("builtin:nope", null, "no built-in workload \"nope\"")]
    [InlineData("/nonexistent/jobs.csv", null, "/nonexistent/jobs.csv")]
    [InlineData("builtin:spark-pi", "--region=mars-1", "region mars-1 is not in the price list")]
    [InlineData("builtin:spark-pi", "--nodepool=/tmp/only-one.yaml", "--nodepool and --nodeclass go together")]
    public async Task Bad_input_exits_2_with_a_message(string workload, string? extra, string expected)
    {
        string[] args = extra is null ? ["simulate", "--workload", workload] : ["simulate", "--workload", workload, extra];

        var (code, _, error) = await RunAsync(args);

        code.Should().Be(2);
        error.Should().Contain(expected);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await SchedextCommand.Create().Parse(args).InvokeAsync();
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
