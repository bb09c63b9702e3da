using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Tests;

/// <summary>The Markdown `make bench` prints and the README carries, rendered from given figures.</summary>
public sealed class MarkdownReportTests
{
    [Fact]
    public void Aims_table_has_one_row_per_aim_with_measured_aim_ratio_and_verdict()
    {
        var table = Lines(MarkdownReport.AimsTable(SampleResults.All));

        table[0].Should().Be("| benchmark | aim (issue) | measured | aim | measured / aim | met |");
        table.Skip(2).Should().Equal(
            "| webhook | #2: /mutate throughput vs the parse-only floor's | 100% | ≥ 80% | 1.25 | yes |",
            "| webhook | #2: /mutate p99 at half of its maximum rate | 3.20 ms | < 5 ms | 0.64 | yes |",
            "| extender | #3: NodeNames filter at 5,000 nodes, p99 per call | 7.16 ms | ≤ 2 ms | 3.58 | **no** |",
            "| solver | #5: solver throughput | 67,204 pods/s | ≥ 5,000 pods/s | 13.44 | yes |",
            "| sim | #7: 24 simulated hours, 2,000 applications: wall clock | 25.3 s | ≤ 60 s | 0.42 | yes |",
            "| sim | #7: this: unfinished jobs, drivers on spot, orphans and nodes left | 0 | ≤ 0 | – | yes |");
        WellFormed(table);
    }

    [Fact]
    public void A_benchmark_that_did_not_run_is_one_row_that_says_so()
    {
        var report = SampleResults.Report([SampleResults.Webhook]);

        var table = Lines(MarkdownReport.AimsTable(report.Benchmarks));

        table.Should().Contain("| extender | #3: not run | – | – | – | **no** |");
        table.Should().Contain("| sim | #7: not run | – | – | – | **no** |");
        WellFormed(table);
    }

    [Fact]
    public void A_benchmark_run_without_the_issue_sizes_says_no_aim_applies()
    {
        var small = SampleResults.Extender with { Aims = [] };

        var table = Lines(MarkdownReport.AimsTable([small]));

        table.Should().HaveCount(3).And.Contain("| extender | #3: no aim applies to this run's sizes | – | – | – | – |");
    }

    [Fact]
    public void Cases_table_has_a_column_per_figure_in_order_and_a_dash_where_a_case_lacks_one()
    {
        var table = Lines(MarkdownReport.CasesTable(SampleResults.Simulator));

        table.Should().Equal(
            "| case | wallSeconds | applications | costCny | cpuUtilizationRatio |",
            "|---|---:|---:|---:|---:|",
            "| all strategies | 25.3 | 2,000 | – | – |",
            "| this | – | – | 813 | 71% |");
    }

    [Fact]
    public void A_pipe_in_a_case_name_does_not_split_its_cell()
    {
        var odd = SampleResults.Solver with { Cases = [BenchmarkCase.Of("a | b", ("pods", 1))] };

        var table = Lines(MarkdownReport.CasesTable(odd));

        table[2].Should().Be(@"| a \| b | 1 |");
        WellFormed(table);
    }

    [Theory]
    [InlineData("vsFloor", 0.7, "70%")]
    [InlineData("cpuUtilizationRatio", 1.333, "133%")]
    [InlineData("requestsPerSecond", 8315.2, "8,315")]
    [InlineData("p99Ms", 117.7, "118")]
    [InlineData("p99Ms", 29.14, "29.1")]
    [InlineData("p99Ms", 7.163, "7.16")]
    [InlineData("p50Ms", 0.0421, "0.042")]
    [InlineData("p50Ms", 4.0, "4.00")]
    [InlineData("requestKiB", 430.0, "430")]
    [InlineData("errors", 0, "0")]
    [InlineData("newClaims", 339, "339")]
    [InlineData("costOverLowerBound", 1.234, "1.23")]
    [InlineData("p99Ms", double.NaN, "–")]
    public void Figures_are_shown_for_people(string name, double value, string shown) =>
        MarkdownReport.Figure(name, value).Should().Be(shown);

    [Fact]
    public void The_run_line_names_date_machine_commit_and_load()
    {
        var line = MarkdownReport.RunLine(SampleResults.Report(SampleResults.All));

        line.Should().Be("2026-11-24 07:06 UTC · 2 cores, Intel(R) Xeon(R) Processor · 23.5 GiB · Debian GNU/Linux 12 (bookworm) · .NET 10.0.12 · commit 421acadb27fc · load average 3.5, 2.3, 1.0 at the end");
    }

    [Fact]
    public void The_whole_report_has_the_run_line_the_aims_and_a_table_per_benchmark_that_ran()
    {
        var markdown = MarkdownReport.Render(SampleResults.Report([SampleResults.Webhook, SampleResults.Solver]));

        markdown.Should().StartWith("2026-11-24 07:06 UTC");
        markdown.Should().Contain("**webhook** (`make bench-webhook`, 43 s, load average 4.0, 3.0, 2.0 before, 4.5, 3.1, 2.0 after): hey over loopback HTTPS");
        markdown.Should().Contain("**solver** (`make bench-solver`");
        markdown.Should().NotContain("**extender**");
        markdown.Should().Contain("| case | maxRequestsPerSecond | halfRateP99Ms | errors | vsFloor |");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // Every row starts and ends with a pipe and has as many cells as the header (escaped pipes are inside cells).
    private static void WellFormed(string[] table)
    {
        static int Cells(string row) => row.Replace(@"\|", "", StringComparison.Ordinal).Count(c => c == '|') - 1;
        table.Should().OnlyContain(row => row.StartsWith('|') && row.EndsWith('|'));
        table.Select(Cells).Should().AllBeEquivalentTo(Cells(table[0]));
    }
}
