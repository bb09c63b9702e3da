using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Simulators;
using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Simulators.Scheduling;
using SchedulerExtender.Local.Simulators.Spark;
using SchedulerExtender.Local.Tests.Ecs;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class LocalSimulatorsTests
{
    private const string ShippedConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
          - schedulerName: schedext-scheduler
        extenders:
          - urlPrefix: https://schedext.schedext-system.svc:443/extender
            filterVerb: filter
            prioritizeVerb: prioritize
            weight: 5
            nodeCacheCapable: true
            ignorable: true
            httpTimeout: 5s
        """;

    [Fact]
    public void Local_mode_profiles_keep_the_default_scheduler_and_the_configured_extender_at_a_local_address()
    {
        var profiles = SchedulerProfiles.ForLocalMode(SchedulerConfiguration.Read(ShippedConfig), e => e with { UrlPrefix = "https://127.0.0.1:9443/extender" });

        profiles.Select(p => (p.SchedulerName, p.Extenders.Count)).Should().Equal(("default-scheduler", 0), ("schedext-scheduler", 1));
        var extender = profiles[1].Extenders[0].Config;
        (extender.UrlPrefix, extender.Weight, extender.NodeCacheCapable, extender.Ignorable, extender.HttpTimeout)
            .Should().Be(("https://127.0.0.1:9443/extender", 5L, true, true, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_running_simulators_take_a_job_from_an_instance_to_a_finished_driver_through_the_https_extender()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        await using var extender = await TestExtenderServer.StartAsync();
        extender.Respond = (verb, body) => verb == "filter"
            ? new JsonObject { ["NodeNames"] = body["NodeNames"]!.DeepClone(), ["FailedNodes"] = new JsonObject(), ["Error"] = "" }.ToJsonString()
            : new JsonArray([.. body["NodeNames"]!.AsArray().Select(n => new JsonObject { ["Host"] = n!.GetValue<string>(), ["Score"] = 3 })]).ToJsonString();
        var profiles = SchedulerProfiles.ForLocalMode(SchedulerConfiguration.Read(ShippedConfig),
            e => e with { UrlPrefix = extender.UrlPrefix, CaBundle = extender.CertificatePem }, ecs.Time);
        var simulators = new LocalSimulators(cluster.Client, ecs.Emulator, new LocalSimulatorsOptions { Profiles = profiles }, ecs.Time);
        await KubeletSimulatorTests.LaunchAsync(ecs, "node-a", CapacityType.OnDemand, "ecs.g7.2xlarge", taints: false);
        using var stop = new CancellationTokenSource();
        var running = simulators.RunAsync(stop.Token);
        var clock = DriveClockAsync(ecs, stop.Token);

        var appId = await simulators.Spark.SubmitAsync(
            new SparkApplicationSpec { Name = "spark-pi", Executors = 2, Duration = TimeSpan.FromSeconds(30), SchedulerName = "schedext-scheduler" }, CancellationToken.None);
        var finished = await simulators.Spark.WhenFinishedAsync(appId, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        await stop.CancelAsync();
        await running;
        await clock;
        finished.State.Should().Be(SparkApplicationState.Succeeded);
        finished.Placements.Should().HaveCount(3).And.OnlyContain(p => p.Node == "node-a");
        extender.Requests.Select(r => r.Verb).Should().Contain("filter", "the schedext-scheduler profile calls the extender over HTTPS");
    }

    /// <summary>Moves the fake clock one second every few milliseconds, so boot delays and work pass quickly.</summary>
    private static async Task DriveClockAsync(EmulatorHarness ecs, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            ecs.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
