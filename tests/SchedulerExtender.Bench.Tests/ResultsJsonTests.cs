using System.Text.Json;
using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Tests;

/// <summary>results.json as bench/README.md documents it, written from given figures (no benchmark runs).</summary>
public sealed class ResultsJsonTests
{
    [Fact]
    public void Results_json_has_the_documented_fields_with_their_types()
    {
        using var json = JsonDocument.Parse(ResultsJson.Serialize(SampleResults.Report(SampleResults.All)));
        var root = json.RootElement;

        root.GetProperty("schema").GetString().Should().Be("schedext-bench/1");
        root.GetProperty("date").GetString().Should().Be("2026-11-24T07:06:00Z");
        root.GetProperty("gitCommit").GetString().Should().Be("421acadb27fccbb3df01b487762a8868b8b3e147");
        root.GetProperty("gitDirty").ValueKind.Should().Be(JsonValueKind.False);
        root.GetProperty("allAimsMet").ValueKind.Should().Be(JsonValueKind.False, "the extender's sample misses its aim");

        var machine = root.GetProperty("machine");
        machine.GetProperty("cores").GetInt32().Should().Be(2);
        machine.GetProperty("memoryBytes").GetInt64().Should().Be(25_276_514_304);
        machine.GetProperty("cpuModel").GetString().Should().Be("Intel(R) Xeon(R) Processor");
        machine.GetProperty("os").GetString().Should().Be("Debian GNU/Linux 12 (bookworm)");
        machine.GetProperty("kernel").GetString().Should().Be("Linux 6.1.0-28-amd64");
        machine.GetProperty("dotnet").GetString().Should().Be("10.0.12");
        machine.GetProperty("loadAverage").EnumerateArray().Select(e => e.GetDouble()).Should().Equal(3.5, 2.25, 1.0);

        var benchmarks = root.GetProperty("benchmarks").EnumerateArray().ToList();
        benchmarks.Select(b => b.GetProperty("name").GetString()).Should().Equal("webhook", "extender", "solver", "sim");
        benchmarks.Select(b => b.GetProperty("issue").GetInt32()).Should().Equal(2, 3, 5, 7);
        foreach (var benchmark in benchmarks)
        {
            benchmark.GetProperty("command").GetString().Should().StartWith("make bench-");
            benchmark.GetProperty("status").GetString().Should().Be("ran");
            benchmark.GetProperty("started").GetString().Should().Be("2026-11-24T07:00:00Z");
            benchmark.GetProperty("seconds").GetDouble().Should().Be(42.5);
            benchmark.GetProperty("loadAverageBefore").GetArrayLength().Should().Be(3);
            benchmark.GetProperty("loadAverageAfter").GetArrayLength().Should().Be(3);
            benchmark.GetProperty("method").ValueKind.Should().Be(JsonValueKind.String);
            foreach (var c in benchmark.GetProperty("cases").EnumerateArray())
            {
                c.GetProperty("name").ValueKind.Should().Be(JsonValueKind.String);
                c.GetProperty("figures").EnumerateObject().Should().NotBeEmpty().And.OnlyContain(f => f.Value.ValueKind == JsonValueKind.Number);
            }

            foreach (var aim in benchmark.GetProperty("aims").EnumerateArray())
            {
                aim.GetProperty("issue").GetInt32().Should().Be(benchmark.GetProperty("issue").GetInt32());
                aim.GetProperty("description").ValueKind.Should().Be(JsonValueKind.String);
                aim.GetProperty("value").ValueKind.Should().Be(JsonValueKind.Number);
                aim.GetProperty("comparison").GetString().Should().BeOneOf(">=", "<=", "<", ">");
                aim.GetProperty("target").ValueKind.Should().Be(JsonValueKind.Number);
                aim.GetProperty("unit").ValueKind.Should().Be(JsonValueKind.String);
                aim.GetProperty("ratio").ValueKind.Should().BeOneOf(JsonValueKind.Number, JsonValueKind.Null);
                aim.GetProperty("met").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
            }
        }
    }

    [Fact]
    public void Figures_keep_their_order_and_values_and_aims_carry_ratio_and_verdict()
    {
        using var json = JsonDocument.Parse(ResultsJson.Serialize(SampleResults.Report(SampleResults.All)));
        var extender = json.RootElement.GetProperty("benchmarks")[1];

        var filter = extender.GetProperty("cases")[1];
        filter.GetProperty("name").GetString().Should().Be("NodeNames, 5,000 nodes, filter");
        filter.GetProperty("figures").EnumerateObject().Select(f => (f.Name, f.Value.GetDouble()))
            .Should().Equal(("p99Ms", 7.16), ("callsPerSecond", 394.0), ("vsFloor", 0.43));

        var aim = extender.GetProperty("aims")[0];
        aim.GetProperty("value").GetDouble().Should().Be(7.16);
        aim.GetProperty("comparison").GetString().Should().Be("<=");
        aim.GetProperty("target").GetDouble().Should().Be(2);
        aim.GetProperty("ratio").GetDouble().Should().Be(3.58);
        aim.GetProperty("met").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void A_figure_that_was_not_measured_is_null_and_its_aim_is_not_met()
    {
        var unmeasured = SampleResults.Solver with
        {
            Cases = [BenchmarkCase.Of("5,000 pods", ("podsPerSecond", double.NaN), ("medianMs", double.PositiveInfinity))],
            Aims = [Aim.AtLeast(5, "solver throughput", double.NaN, 5_000, "pods/s")],
        };

        var text = ResultsJson.Serialize(SampleResults.Report([unmeasured]));

        using var json = JsonDocument.Parse(text); // JSON has no NaN: a writer that let one through would fail here
        var solver = json.RootElement.GetProperty("benchmarks")[2];
        solver.GetProperty("cases")[0].GetProperty("figures").GetProperty("podsPerSecond").ValueKind.Should().Be(JsonValueKind.Null);
        solver.GetProperty("cases")[0].GetProperty("figures").GetProperty("medianMs").ValueKind.Should().Be(JsonValueKind.Null);
        solver.GetProperty("aims")[0].GetProperty("value").ValueKind.Should().Be(JsonValueKind.Null);
        solver.GetProperty("aims")[0].GetProperty("ratio").ValueKind.Should().Be(JsonValueKind.Null);
        solver.GetProperty("aims")[0].GetProperty("met").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Parts_left_by_single_benchmarks_assemble_into_the_report_and_a_missing_one_is_listed_as_not_run()
    {
        var folder = Directory.CreateTempSubdirectory("bench-parts-").FullName;
        try
        {
            ResultsJson.WritePart(folder, SampleResults.Simulator);
            ResultsJson.WritePart(folder, SampleResults.Webhook);
            ResultsJson.WritePart(folder, SampleResults.Solver);

            var report = SampleResults.Report(ResultsJson.ReadParts(folder));

            report.Benchmarks.Select(b => (b.Name, b.Status)).Should().Equal(
                ("webhook", "ran"), ("extender", "not run"), ("solver", "ran"), ("sim", "ran"));
            report.AllAimsMet.Should().BeFalse("a benchmark did not run");
            var webhook = report.Benchmarks[0];
            webhook.Cases.Select(c => c.Name).Should().Equal("floor (parse only)", "/mutate");
            webhook.Cases[1].Figures.Should().Equal(SampleResults.Webhook.Cases[1].Figures.ToDictionary(f => f.Key, f => Math.Round(f.Value, 4)));
            webhook.Aims.Select(a => (a.Description, a.Met)).Should().Equal(SampleResults.Webhook.Aims.Select(a => (a.Description, a.Met)));
            webhook.Started.Should().Be(SampleResults.Started);
            report.Benchmarks[1].Cases.Should().BeEmpty();
            report.Benchmarks[1].Aims.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void All_aims_met_only_when_every_benchmark_ran_checked_its_aims_and_met_each()
    {
        var extenderMet = SampleResults.Extender with { Aims = [Aim.AtMost(3, "NodeNames filter at 5,000 nodes, p99 per call", 1.5, 2, "ms")] };
        var allMet = new[] { SampleResults.Webhook, extenderMet, SampleResults.Solver, SampleResults.Simulator };

        SampleResults.Report(allMet).AllAimsMet.Should().BeTrue();
        SampleResults.Report(SampleResults.All).AllAimsMet.Should().BeFalse("the extender misses its aim");
        SampleResults.Report(allMet.Skip(1)).AllAimsMet.Should().BeFalse("the webhook did not run");
        SampleResults.Report(allMet.Select(b => b.Name == "extender" ? b with { Aims = [] } : b)).AllAimsMet
            .Should().BeFalse("an extender run without 5,000 nodes checks none of its aims");
    }

    [Fact]
    public void An_unknown_benchmark_part_is_refused_rather_than_dropped()
    {
        var stray = SampleResults.Solver with { Name = "solvr" };

        var assemble = () => SampleResults.Report([stray]);

        assemble.Should().Throw<ArgumentException>().WithMessage("*solvr*");
    }

    [Fact]
    public void Every_field_written_is_documented_in_the_bench_readme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "bench", "README.md"));
        using var json = JsonDocument.Parse(ResultsJson.Serialize(SampleResults.Report(SampleResults.All)));

        var names = PropertyNames(json.RootElement).Distinct().ToList();

        names.Should().Contain(["schema", "machine", "cases", "aims", "met"]);
        names.Where(n => !readme.Contains($"`{n}`", StringComparison.Ordinal)).Should().BeEmpty("bench/README.md documents the schema");
    }

    // Figure names are the benchmarks' own (documented by their unit suffixes), so they are not walked into.
    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "figures" ? [p.Name] : PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchedulerExtender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
