using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Tests.Simulation;

public sealed class WorkloadCsvTests
{
    private const string Header = WorkloadCsv.Header;

    [Fact]
    public void Reads_rows_with_comments_blank_lines_and_decimal_cpu()
    {
        var csv = $"""
            # a comment before the header
            {Header}

            # two applications
            120,etl-1,team-a,1.5,1408,10,0.25,4505,600
            0, spark-pi ,default,1,896,20,1,896,300.5
            """;

        var workload = WorkloadCsv.Parse(csv, "w.csv");

        workload.Applications.Should().Equal(
            new SparkApplication(0, "spark-pi", "default", 1000, 896, 20, 1000, 896, 300.5),
            new SparkApplication(120, "etl-1", "team-a", 1500, 1408, 10, 250, 4505, 600));
        workload.Pods.Should().Be(32);
        workload.Name.Should().Be("w.csv");
    }

    [Theory]
    [InlineData("0,a,ns,1,896,2,1,896", 2, "expected 9 fields")]
    [InlineData("-1,a,ns,1,896,2,1,896,60", 2, "submit_s \"-1\"")]
    [InlineData("x,a,ns,1,896,2,1,896,60", 2, "submit_s \"x\"")]
    [InlineData("0,A_b,ns,1,896,2,1,896,60", 2, "app \"A_b\" must be a DNS label")]
    [InlineData("0,a,,1,896,2,1,896,60", 2, "namespace \"\"")]
    [InlineData("0,a,ns,0,896,2,1,896,60", 2, "driver_cpu \"0\"")]
    [InlineData("0,a,ns,0.0005,896,2,1,896,60", 2, "driver_cpu \"0.0005\" must be a CPU count")]
    [InlineData("0,a,ns,1,896.5,2,1,896,60", 2, "driver_memory_mib \"896.5\" must be a whole number >= 1")]
    [InlineData("0,a,ns,1,896,0,1,896,60", 2, "executors \"0\" must be a whole number >= 1")]
    [InlineData("0,a,ns,1,896,2,-1,896,60", 2, "executor_cpu \"-1\"")]
    [InlineData("0,a,ns,1,896,2,1,0,60", 2, "executor_memory_mib \"0\"")]
    [InlineData("0,a,ns,1,896,2,1,896,0", 2, "duration_s \"0\" must be a number of seconds > 0")]
    [InlineData("0,a,ns,1,896,2,1,896,NaN", 2, "duration_s \"NaN\"")]
    public void A_bad_field_is_reported_with_its_line(string row, int line, string expected)
    {
        var act = () => WorkloadCsv.Parse($"{Header}\n{row}\n", "w.csv");

        act.Should().Throw<WorkloadFormatException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith($"line {line}: ").And.Contain(expected);
    }

    [Fact]
    public void Every_bad_row_is_reported_not_only_the_first()
    {
        var csv = $"# comment\n{Header}\n0,a,ns,1,896,2,1,896,60\n0,b,ns,1,896,2,1,896\n\n0,c,ns,1,896,2,1,896,-5\n0,a,ns,1,896,2,1,896,60\n";

        var errors = Errors(csv);

        errors.Should().HaveCount(3);
        errors[0].Should().StartWith("line 4: expected 9 fields");
        errors[1].Should().StartWith("line 6: duration_s");
        errors[2].Should().Be("line 7: application ns/a is already defined on line 3");
    }

    [Theory]
    [InlineData("", "line 1: no header")]
    [InlineData("# only a comment\n", "line 1: no header")]
    [InlineData("0,a,ns,1,896,2,1,896,60\n", "line 1: the header must be")]
    [InlineData("# c\nsubmit_s,app,namespace,driver_cpu,driver_memory_mib,executors,executor_cpu,executor_memory_mib\n", "line 2: the header must be")]
    [InlineData("submit_s,app,namespace,driver_cpu,driver_memory_mib,executors,executor_cpu,executor_memory_mib,duration_s\n# nothing\n", "line 2: no applications")]
    public void A_missing_or_wrong_header_or_an_empty_file_is_an_error(string csv, string expected)
    {
        Errors(csv).Should().ContainSingle().Which.Should().StartWith(expected);
    }

    [Fact]
    public void The_header_may_differ_in_case_and_spacing()
    {
        var workload = WorkloadCsv.Parse($"{Header.ToUpperInvariant().Replace(",", " , ", StringComparison.Ordinal)}\n0,a,ns,1,896,2,1,896,60", "w.csv");

        workload.Applications.Should().ContainSingle();
    }

    [Fact]
    public void The_message_names_the_source_and_the_lines()
    {
        var act = () => WorkloadCsv.Parse($"{Header}\n0,a,ns,1,896,2,1,896\n", "jobs.csv");

        act.Should().Throw<WorkloadFormatException>().WithMessage("jobs.csv: line 2: expected 9 fields*");
    }

    private static IReadOnlyList<string> Errors(string csv)
    {
        try
        {
            WorkloadCsv.Parse(csv, "w.csv");
        }
        catch (WorkloadFormatException e)
        {
            return e.Errors;
        }

        throw new InvalidOperationException("the workload was accepted");
    }
}
