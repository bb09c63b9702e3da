using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Tests.Simulation;

public sealed class BuiltInWorkloadTests
{
    [Theory]
    [InlineData(512, 896)]
    [InlineData(4096, 4505)]
    [InlineData(8192, 9011)]
    public void Pod_memory_adds_sparks_overhead(long heap, long pod) => BuiltInWorkloads.PodMemoryMiB(heap).Should().Be(pod);

    [Fact]
    public void Spark_pi_is_the_articles_job()
    {
        var app = WorkloadSource.Load("builtin:spark-pi").Applications.Should().ContainSingle().Subject;

        app.Should().Be(new SparkApplication(0, "spark-pi", "default", 1000, 896, 20, 1000, 896, 300));
    }

    [Fact]
    public void Spark_day_is_a_day_of_2000_mixed_applications_around_50000_pods()
    {
        var day = WorkloadSource.Load("builtin:spark-day");

        day.Applications.Should().HaveCount(2000);
        day.Pods.Should().BeInRange(40_000, 60_000);
        day.Applications.Should().OnlyContain(a => a.SubmitSeconds >= 0 && a.SubmitSeconds < 24 * 3600);
        day.Applications.Select(a => a.SubmitSeconds).Should().BeInAscendingOrder();
        day.Applications.Select(a => (a.Namespace, a.App)).Should().OnlyHaveUniqueItems();
        foreach (var kind in new[] { "adhoc-", "etl-", "batch-" })
        {
            day.Applications.Should().Contain(a => a.App.StartsWith(kind, StringComparison.Ordinal));
        }

        // The nightly ETL hours (01:00-03:00) are busier than the quiet evening (22:00-24:00).
        Count(day, 1, 3).Should().BeGreaterThan(2 * Count(day, 22, 24));
    }

    [Fact]
    public void Spark_day_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        SparkDayWorkload.Generate(300, 7).Applications.Should().Equal(SparkDayWorkload.Generate(300, 7).Applications);
        SparkDayWorkload.Generate(300, 8).Applications.Should().NotEqual(SparkDayWorkload.Generate(300, 7).Applications);
    }

    [Fact]
    public void An_unknown_builtin_lists_the_known_ones()
    {
        var act = () => WorkloadSource.Load("builtin:nope");

        act.Should().Throw<WorkloadFormatException>().WithMessage("*builtin:spark-pi, builtin:spark-day*");
    }

    [Fact]
    public void A_file_is_read_as_csv_with_its_path_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"schedext-workload-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, $"{WorkloadCsv.Header}\n0,a,ns,1,896,two,1,896,60\n");
        try
        {
            var act = () => WorkloadSource.Load(path);

            act.Should().Throw<WorkloadFormatException>().WithMessage($"{path}: line 2: executors \"two\"*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Count(Workload day, int fromHour, int toHour) =>
        day.Applications.Count(a => a.SubmitSeconds >= fromHour * 3600 && a.SubmitSeconds < toHour * 3600);
}
