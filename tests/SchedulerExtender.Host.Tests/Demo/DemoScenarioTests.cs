using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Host.Demo;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Tests.Demo;

/// <summary>
/// <c>make run</c>'s scenario end to end, in process with short delays: the article's spark-pi goes
/// through the webhook, the simulated scheduler and our extender, the provisioner launches nodes on
/// the ECS emulator, the job finishes and consolidation removes every node.
/// </summary>
public sealed class DemoScenarioTests
{
    [Fact]
    public async Task The_article_job_runs_driver_on_demand_executors_on_spot_and_leaves_no_node()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var cluster = await QuickLocalCluster.StartAsync(new Dictionary<string, string?>(), timeout.Token);
        using var output = new StringWriter();

        var report = await new DemoRunner(cluster, new DemoOptions
        {
            JobDuration = TimeSpan.FromSeconds(10),
            ProgressInterval = TimeSpan.FromMilliseconds(250),
            JobTimeout = TimeSpan.FromMinutes(2),
            NodesGoneTimeout = TimeSpan.FromMinutes(2),
        }, output).RunAsync(timeout.Token);

        var because = output.ToString();
        report.Application.State.Should().Be(SparkApplicationState.Succeeded, because);
        report.Application.WorkDone.Should().BeGreaterThanOrEqualTo(report.Application.WorkTotal);
        var drivers = report.Application.Placements.Where(p => p.Role == "driver").ToList();
        var executors = report.Application.Placements.Where(p => p.Role == "executor").ToList();
        drivers.Should().ContainSingle();
        executors.Select(p => p.Pod).Distinct().Should().HaveCountGreaterThanOrEqualTo(20, "every executor ran");
        report.InstanceOf(drivers[0])!.CapacityType.Should().Be(CapacityType.OnDemand);
        executors.Should().OnlyContain(p => report.InstanceOf(p) != null && report.InstanceOf(p)!.CapacityType == CapacityType.Spot);
        report.Cost.Should().BeGreaterThan(0).And.BeLessThan(report.OnDemandCost);
        var scheduled = (await cluster.Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: timeout.Token)).Items.Where(e => e.Reason == "Scheduled").ToList();
        scheduled.Should().HaveCountGreaterThanOrEqualTo(21).And.OnlyContain(e => e.ReportingComponent == LocalCluster.SparkSchedulerName, "the webhook routes Spark pods to the profile with our extender");
        report.NodesGone.Should().BeTrue(because);
        cluster.Ecs.Emulator.ListInstances().Should().BeEmpty();
        report.Instances.Should().OnlyContain(i => i.ReleasedAt != null);
    }
}
