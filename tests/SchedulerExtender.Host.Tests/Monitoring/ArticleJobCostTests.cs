using SchedulerExtender.Host.Demo;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// A real Prometheus scrapes <c>schedext serve --local</c> while the article's job runs (the
/// <c>make run</c> scenario with short delays), and the cost and saving series answer PromQL: money
/// was spent, spot capacity ran, and while it ran the cluster cost well below on-demand.
/// </summary>
public sealed class ArticleJobCostTests
{
    [Fact]
    public async Task Prometheus_sees_the_cost_and_the_saving_of_the_article_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var cluster = await QuickLocalCluster.StartAsync(new Dictionary<string, string?> { ["Cost:Interval"] = "00:00:00.250" }, timeout.Token);
        await using var prometheus = await PrometheusServer.StartAsync(cluster.PlainUrl);
        using var output = new StringWriter();

        var report = await new DemoRunner(cluster, new DemoOptions
        {
            // Long enough for several scrapes while every executor runs.
            JobDuration = TimeSpan.FromSeconds(15),
            ProgressInterval = TimeSpan.FromMilliseconds(250),
            JobTimeout = TimeSpan.FromMinutes(2),
            NodesGoneTimeout = TimeSpan.FromMinutes(2),
        }, output).RunAsync(timeout.Token);
        report.Application.State.Should().Be(SparkApplicationState.Succeeded, output.ToString());

        var spent = await prometheus.QueryUntilAsync("max_over_time(schedext_cost_total[10m])", v => v > 0);
        var spotNodes = await prometheus.QueryUntilAsync("max_over_time(sum(schedext_nodes{capacity_type=\"spot\"})[10m:1s])", v => v >= 1);
        var saving = await prometheus.QueryUntilAsync("max_over_time(schedext_cost_saving_ratio[10m])", v => v > 0.5);

        spent.Should().BeGreaterThan(0, "the job's nodes cost money");
        spotNodes.Should().BeGreaterThanOrEqualTo(1, "the executors ran on spot nodes");
        saving.Should().BeGreaterThan(0.5, "spot executors make the cluster far cheaper than the same nodes on-demand");
    }
}
