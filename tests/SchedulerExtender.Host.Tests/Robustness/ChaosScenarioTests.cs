using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.Simulators.Spark;
using Xunit.Abstractions;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// The whole system in local mode under faults: several Spark applications run while the ECS
/// emulator answers ~10% of calls with a 5xx (half of the failed RunInstances after creating the
/// instance: a lost response), throttles some, denies some launches for no stock and has spot
/// offerings run out, spot instances are reclaimed (Recycling notice, then released), and the
/// provisioner is restarted every ~6 s — alternately a stop/start of its hosted service and a
/// lost Lease. Every job must still complete, no instance be launched twice, no driver run on
/// spot, and once the jobs are done consolidation must leave no instance, Node or NodeClaim.
/// </summary>
public sealed class ChaosScenarioTests(ITestOutputHelper output)
{
    private const string LeaseNamespace = "kube-system";
    private const string LeaseName = "schedext-provisioner";
    private static readonly TimeSpan RestartEvery = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan ReclaimEvery = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Every_job_completes_under_cloud_faults_reclaims_and_provisioner_restarts_and_nothing_is_launched_twice_or_left_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var cluster = await RobustnessCluster.StartAsync(new Dictionary<string, string?>
        {
            ["Provisioner:LeaseNamespace"] = LeaseNamespace,
            ["Provisioner:LeaseName"] = LeaseName,
            ["Provisioner:LeaseDuration"] = "00:00:03",
            ["Provisioner:RenewDeadline"] = "00:00:02",
            ["Provisioner:RetryPeriod"] = "00:00:00.500",
            ["Provisioner:NoStockTtl"] = "00:00:15",
            ["Disruption:OrphanGracePeriod"] = "00:00:10",
            ["Disruption:ReclaimedOfferingTtl"] = "00:00:15",
        }, options => options with
        {
            SpotReclaimNotice = TimeSpan.FromSeconds(4),
            EcsSeed = 8,
            EcsFaults = new EcsEmulatorFaults { ServerErrorRate = 0.10, ThrottleRate = 0.05, StockOutRate = 0.10 },
        }, timeout.Token);
        var chaos = new Chaos(cluster, new ProvisionerRestarts(cluster.Cluster.App.Services, cluster.Client, LeaseNamespace, LeaseName));
        using var stopChaos = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var chaosLoop = chaos.RunAsync(stopChaos.Token);

        var spark = cluster.Cluster.Simulators.Spark;
        var apps = new List<string>();
        foreach (var (name, executors) in new[] { ("chaos-a", 3), ("chaos-b", 4), ("chaos-c", 2), ("chaos-d", 5), ("chaos-e", 3), ("chaos-f", 4) })
        {
            apps.Add(await spark.SubmitAsync(new SparkApplicationSpec { Name = name, Executors = executors, Duration = TimeSpan.FromSeconds(15) }, timeout.Token));
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        }

        var finished = await RobustnessCluster.WaitUntilAsync(
            () => Task.FromResult(apps.All(id => spark.Snapshot().Single(a => a.AppId == id).State is SparkApplicationState.Succeeded or SparkApplicationState.Failed)),
            TimeSpan.FromMinutes(4), timeout.Token);
        chaos.JobsDone = true;
        var empty = finished && await RobustnessCluster.WaitUntilAsync(
            async () => await cluster.LeftoversAsync(timeout.Token) == (0, 0, 0), TimeSpan.FromMinutes(3), timeout.Token);
        await stopChaos.CancelAsync();
        await chaosLoop;

        var applications = spark.Snapshot().Where(a => apps.Contains(a.AppId)).ToList();
        var launches = cluster.Ecs.LaunchHistory();
        output.WriteLine(chaos.Summary(applications, launches, cluster.Ecs));
        var because = string.Join(Environment.NewLine, applications.Select(a => $"{a.Name}: {a.State} {a.Message}"));
        finished.Should().BeTrue("every job finishes: " + because);
        applications.Should().OnlyContain(a => a.State == SparkApplicationState.Succeeded, because);
        empty.Should().BeTrue($"consolidation leaves nothing behind; left (instances, nodes, claims) = {await cluster.LeftoversAsync(timeout.Token)}");

        // Nothing launched twice: one instance per NodeClaim, each from its own ClientToken.
        launches.Should().NotBeEmpty();
        launches.Should().OnlyContain(i => i.ClientToken != null && i.Tags.ContainsKey(InstanceTags.NodeClaim));
        launches.GroupBy(i => i.Tags[InstanceTags.NodeClaim]).Should().OnlyContain(g => g.Count() == 1, "a claim launched twice would have two instances");
        launches.Select(i => i.ClientToken).Should().OnlyHaveUniqueItems();
        var launchedIds = launches.ToDictionary(i => i.InstanceId);
        foreach (var (claim, instanceId) in chaos.ClaimInstances)
        {
            launchedIds.Should().ContainKey(instanceId, $"claim {claim} points at an instance the cloud launched");
            launchedIds[instanceId].Tags[InstanceTags.NodeClaim].Should().Be(claim);
        }

        // No driver on spot, whatever was reclaimed or out of stock.
        var byHost = launches.ToDictionary(i => i.InstanceName);
        var drivers = applications.SelectMany(a => a.Placements).Where(p => p.Role == "driver").ToList();
        drivers.Should().HaveCount(apps.Count);
        drivers.Should().OnlyContain(p => byHost.ContainsKey(p.Node) && byHost[p.Node].CapacityType == CapacityType.OnDemand);

        // The chaos did happen.
        chaos.Restarts.ServiceRestarts.Should().BeGreaterThanOrEqualTo(1);
        chaos.Restarts.LeasesLost.Should().BeGreaterThanOrEqualTo(1);
        chaos.Reclaimed.Should().NotBeEmpty();
        chaos.StockedOut.Should().NotBeEmpty();
    }

    /// <summary>The chaos loop and what it observed; runs until cancelled.</summary>
    private sealed class Chaos(RobustnessCluster cluster, ProvisionerRestarts restarts)
    {
        private readonly Random _random = new(8);

        public ProvisionerRestarts Restarts => restarts;

        public volatile bool JobsDone;

        public List<string> Reclaimed { get; } = [];

        public List<string> StockedOut { get; } = [];

        /// <summary>Every launched claim seen, with the instance its providerID names.</summary>
        public Dictionary<string, string> ClaimInstances { get; } = new(StringComparer.Ordinal);

        public async Task RunAsync(CancellationToken stop)
        {
            var started = DateTime.UtcNow;
            var nextRestart = started + RestartEvery;
            var nextReclaim = started + ReclaimEvery;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await ObserveClaimsAsync(stop);
                    RunOutOfSpotStock();
                    if (DateTime.UtcNow >= nextReclaim && !JobsDone)
                    {
                        await ReclaimOneAsync(stop);
                        nextReclaim = DateTime.UtcNow + ReclaimEvery;
                    }

                    if (DateTime.UtcNow >= nextRestart)
                    {
                        if ((restarts.ServiceRestarts + restarts.LeasesLost) % 2 == 0)
                        {
                            await restarts.RestartServiceAsync(stop);
                        }
                        else
                        {
                            await restarts.StealLeaseAsync(stop);
                        }

                        nextRestart = DateTime.UtcNow + RestartEvery;
                    }

                    await Task.Delay(250, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        public string Summary(IReadOnlyList<SparkApplicationSnapshot> applications, IReadOnlyList<EmulatedInstance> launches, EcsEmulator ecs) =>
            $"""
            restarts: {restarts.ServiceRestarts} service, {restarts.LeasesLost} lease; reclaimed: {string.Join(", ", Reclaimed)}; out of stock: {string.Join(", ", StockedOut)}
            ECS calls: RunInstances {ecs.CountOf("RunInstances")}, DescribeInstances {ecs.CountOf("DescribeInstances")}, DeleteInstances {ecs.CountOf("DeleteInstances")}
            launches: {launches.Count} ({launches.Count(i => i.CapacityType == CapacityType.Spot)} spot), claims seen launched: {ClaimInstances.Count}
            {string.Join(Environment.NewLine, applications.Select(a => $"{a.Name}: {a.State}, {a.ExecutorsLost} executors lost, {a.ExecutorsDecommissioned} decommissioned, {a.WorkRedone:0} s redone ({a.Message})"))}
            """;

        private async Task ObserveClaimsAsync(CancellationToken stop)
        {
            foreach (var claim in await new NodeClaimStore(cluster.Client).ListAsync((_, _) => { }, stop))
            {
                if (claim.ProviderId is { } providerId && providerId.IndexOf('.', StringComparison.Ordinal) is var dot and > 0)
                {
                    ClaimInstances[claim.Name] = providerId[(dot + 1)..];
                }
            }
        }

        // Spot offerings go out of stock: the first two the provisioner bought.
        private void RunOutOfSpotStock()
        {
            if (StockedOut.Count >= 2)
            {
                return;
            }

            foreach (var instance in cluster.Ecs.ListInstances().Where(i => i.CapacityType == CapacityType.Spot))
            {
                var offering = $"{instance.InstanceType}/{instance.ZoneId}";
                if (StockedOut.Count < 2 && !StockedOut.Contains(offering))
                {
                    cluster.Ecs.SetStock(instance.InstanceType, instance.ZoneId, CapacityType.Spot, 0);
                    StockedOut.Add(offering);
                }
            }
        }

        // A running spot instance whose Node joined gets a reclaim notice (released a few seconds later).
        private async Task ReclaimOneAsync(CancellationToken stop)
        {
            var nodes = await cluster.Client.CoreV1.ListNodeAsync(cancellationToken: stop);
            var withNode = nodes.Items.Select(n => n.Spec?.ProviderID).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var candidates = cluster.Ecs.ListInstances()
                .Where(i => i.CapacityType == CapacityType.Spot && i.ReclaimAnnouncedAt is null && withNode.Contains($"{i.RegionId}.{i.InstanceId}"))
                .ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var victim = candidates[_random.Next(candidates.Count)];
            try
            {
                cluster.Ecs.ReclaimInstance(victim.InstanceId);
                Reclaimed.Add($"{victim.InstanceName} ({victim.InstanceId})");
            }
            catch (InvalidOperationException)
            {
                // Released since it was listed (consolidated): try another next time.
            }
        }
    }
}
