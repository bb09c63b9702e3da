using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Simulators.Scheduling;
using SchedulerExtender.Local.Simulators.Spark;
using SchedulerExtender.Local.Tests.Ecs;

namespace SchedulerExtender.Local.Tests.Simulators;

/// <summary>The three simulators together on one fake clock: ECS emulator → kubelet → scheduler → Spark, over HTTP.</summary>
public sealed class SparkApplicationSimulatorTests
{
    private static readonly KubeletSimulatorOptions KubeletOptions = new() { BootDelay = TimeSpan.FromSeconds(40) };

    [Fact]
    public async Task A_job_creates_its_executors_once_the_driver_runs_and_succeeds_when_the_work_is_done()
    {
        await using var world = await World.StartAsync();
        await world.BootAsync("node-a", CapacityType.OnDemand, "ecs.g7.2xlarge");
        var appId = await world.Spark.SubmitAsync(new SparkApplicationSpec { Name = "spark-pi", Executors = 3, Duration = TimeSpan.FromSeconds(60) }, CancellationToken.None);

        await world.StepAsync(TimeSpan.Zero);

        var pods = (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"spark-app-selector={appId}")).Items;
        var driver = pods.Single(p => p.Metadata.Labels["spark-role"] == "driver");
        driver.Metadata.Name.Should().MatchRegex("^spark-pi-[0-9a-f]{16}-driver$");
        driver.Spec.Containers[0].Resources.Requests["memory"].ToString().Should().Be("896Mi");
        var executors = pods.Where(p => p.Metadata.Labels["spark-role"] == "executor").ToList();
        executors.Select(e => e.Metadata.Labels["spark-exec-id"]).Should().BeEquivalentTo(["1", "2", "3"]);
        executors.Should().AllSatisfy(e =>
        {
            e.Metadata.OwnerReferences.Should().ContainSingle(o => o.Kind == "Pod" && o.Uid == driver.Metadata.Uid && o.Controller == true);
            e.Metadata.Labels["spark-app-name"].Should().Be("spark-pi");
            e.Status.Phase.Should().Be("Running");
        });

        var finished = await world.RunUntilFinishedAsync(appId, TimeSpan.FromSeconds(10));

        finished.State.Should().Be(SparkApplicationState.Succeeded);
        (finished.FinishedAt - finished.StartedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(60), "3 executors need 60 s for 180 executor-seconds");
        (finished.WorkDone, finished.WorkTotal, finished.WorkRedone).Should().Be((180d, 180d, 0d));
        finished.Placements.Should().HaveCount(4).And.OnlyContain(p => p.Node == "node-a");
        var left = (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default")).Items;
        left.Should().ContainSingle().Which.Status.Phase.Should().Be("Succeeded", "executors are deleted, the driver completes");
    }

    [Fact]
    public async Task Executors_lost_with_their_node_are_replaced_and_their_tasks_in_progress_redone()
    {
        await using var world = await World.StartAsync();
        await world.BootAsync("driver-node", CapacityType.OnDemand, "ecs.g7.large"); // 2 vCPU: the driver only
        var appId = await world.Spark.SubmitAsync(new SparkApplicationSpec { Name = "etl", Executors = 2, Duration = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        await world.StepAsync(TimeSpan.Zero);
        var spotId = await world.BootAsync("spot-a", CapacityType.Spot, "ecs.g7.xlarge");
        for (var i = 0; i < 5; i++)
        {
            await world.StepAsync(TimeSpan.FromSeconds(5)); // 25 s each: 2 tasks of 10 s done, 5 s into the third
        }

        await world.Ecs.Client().DeleteInstancesAsync([spotId], CancellationToken.None); // released without notice
        await world.StepAsync(TimeSpan.Zero);

        var afterLoss = world.Spark.Snapshot().Single();
        (afterLoss.ExecutorsLost, afterLoss.WorkRedone, afterLoss.WorkDone).Should().Be((2, 10d, 40d));
        var replacements = (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spark-role=executor")).Items;
        replacements.Select(p => p.Metadata.Labels["spark-exec-id"]).Should().BeEquivalentTo(["3", "4"]);
        replacements.Should().OnlyContain(p => p.Spec.NodeName == null, "no node has room until new capacity comes");

        await world.BootAsync("spot-b", CapacityType.Spot, "ecs.g7.xlarge");
        var finished = await world.RunUntilFinishedAsync(appId, TimeSpan.FromSeconds(5));

        finished.State.Should().Be(SparkApplicationState.Succeeded);
        finished.Placements.Where(p => p.Role == "executor").Select(p => p.Node).Should().Equal("spot-a", "spot-a", "spot-b", "spot-b");
        finished.DriverNode.Should().Be("driver-node");
    }

    [Fact]
    public async Task An_evicted_executor_decommissions_gracefully_and_keeps_its_work()
    {
        await using var world = await World.StartAsync();
        await world.BootAsync("node-a", CapacityType.OnDemand, "ecs.g7.2xlarge");
        var appId = await world.Spark.SubmitAsync(new SparkApplicationSpec { Name = "etl", Executors = 2, Duration = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        await world.StepAsync(TimeSpan.Zero);
        await world.StepAsync(TimeSpan.FromSeconds(15));

        var executor = (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spark-exec-id=1")).Items.Single();
        await world.Cluster.Client.CoreV1.DeleteNamespacedPodAsync(executor.Metadata.Name, "default"); // 30 s grace
        await world.StepAsync(TimeSpan.Zero);

        var snapshot = world.Spark.Snapshot().Single();
        (snapshot.ExecutorsDecommissioned, snapshot.ExecutorsLost, snapshot.WorkRedone).Should().Be((1, 0, 0d));
        (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spark-exec-id=1")).Items
            .Should().BeEmpty("the executor exited after decommissioning, long before its grace period ended");
        (await world.RunUntilFinishedAsync(appId, TimeSpan.FromSeconds(5))).State.Should().Be(SparkApplicationState.Succeeded);
    }

    [Fact]
    public async Task A_driver_that_fails_fails_the_application_and_takes_its_executors()
    {
        await using var world = await World.StartAsync();
        var nodeId = await world.BootAsync("node-a", CapacityType.OnDemand, "ecs.g7.2xlarge");
        var appId = await world.Spark.SubmitAsync(new SparkApplicationSpec { Name = "etl", Executors = 2, Duration = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        await world.StepAsync(TimeSpan.Zero);

        await world.Ecs.Client().DeleteInstancesAsync([nodeId], CancellationToken.None);
        await world.StepAsync(TimeSpan.Zero);

        var failed = await world.Spark.WhenFinishedAsync(appId, CancellationToken.None);
        failed.State.Should().Be(SparkApplicationState.Failed);
        failed.Message.Should().Contain("NodeLost");
        (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spark-role=executor")).Items.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Bad_Name", 1, 60)]
    [InlineData("ok", 0, 60)]
    [InlineData("ok", 1, 0)]
    public async Task Bad_specs_are_refused_before_anything_is_created(string name, int executors, int seconds)
    {
        await using var world = await World.StartAsync();

        var submit = () => world.Spark.SubmitAsync(new SparkApplicationSpec { Name = name, Executors = executors, Duration = TimeSpan.FromSeconds(seconds) }, CancellationToken.None);

        await submit.Should().ThrowAsync<ArgumentException>();
        (await world.Cluster.Client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().BeEmpty();
    }

    [Theory]
    [InlineData(512, 896)]
    [InlineData(4096, 4505)]
    [InlineData(8192, 9011)]
    public void Pod_memory_adds_sparks_overhead(long sparkMiB, long podMiB) => SparkApplicationSpec.PodMemoryMiB(sparkMiB).Should().Be(podMiB);

    /// <summary>ECS emulator, embedded API, kubelet, scheduler and Spark simulators on one fake clock, stepped by hand.</summary>
    private sealed class World : IAsyncDisposable
    {
        private World(EmulatorHarness ecs, ClusterHarness cluster)
        {
            Ecs = ecs;
            Cluster = cluster;
            Kubelet = new KubeletSimulator(cluster.Client, ecs.Emulator, KubeletOptions, ecs.Time);
            Scheduler = new SchedulerSimulator(cluster.Client, new SchedulerSimulatorOptions { Profiles = [new SchedulerProfile(SchedulerProfile.DefaultSchedulerName, [])] }, ecs.Time);
            Spark = new SparkApplicationSimulator(cluster.Client, Kubelet, new SparkApplicationSimulatorOptions { TaskDuration = TimeSpan.FromSeconds(10) }, ecs.Time);
        }

        public EmulatorHarness Ecs { get; }

        public ClusterHarness Cluster { get; }

        public KubeletSimulator Kubelet { get; }

        public SchedulerSimulator Scheduler { get; }

        public SparkApplicationSimulator Spark { get; }

        public static async Task<World> StartAsync()
        {
            var ecs = await EmulatorHarness.StartAsync();
            return new World(ecs, await ClusterHarness.StartAsync(ecs.Time));
        }

        /// <summary>Launches an instance (no taints) and lets its node register.</summary>
        public async Task<string> BootAsync(string claim, CapacityType capacity, string type)
        {
            var id = await KubeletSimulatorTests.LaunchAsync(Ecs, claim, capacity, type, taints: false);
            await StepAsync(Ecs.Emulator.Options.PendingDuration + Ecs.Emulator.Options.StartingDuration + KubeletOptions.BootDelay);
            return id;
        }

        /// <summary>Moves the clock, then lets every simulator act until the cluster settles (driver bound, running, executors created, bound, running: four rounds).</summary>
        public async Task StepAsync(TimeSpan by)
        {
            Ecs.Time.Advance(by);
            for (var round = 0; round < 4; round++)
            {
                await Kubelet.ReconcileOnceAsync(CancellationToken.None);
                await Scheduler.ScheduleOnceAsync(CancellationToken.None);
                await Spark.ReconcileOnceAsync(CancellationToken.None);
            }
        }

        public async Task<SparkApplicationSnapshot> RunUntilFinishedAsync(string appId, TimeSpan step)
        {
            for (var i = 0; i < 200; i++)
            {
                var app = Spark.Snapshot().Single(a => a.AppId == appId);
                if (app.State is SparkApplicationState.Succeeded or SparkApplicationState.Failed)
                {
                    return app;
                }

                await StepAsync(step);
            }

            throw new InvalidOperationException($"{appId} did not finish in 200 steps");
        }

        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await Ecs.DisposeAsync();
        }
    }
}
