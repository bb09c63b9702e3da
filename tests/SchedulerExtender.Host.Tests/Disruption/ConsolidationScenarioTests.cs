using k8s;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class ConsolidationScenarioTests
{
    [Theory]
    [InlineData("the executor finishes")]
    [InlineData("the application ends")]
    public async Task Two_half_empty_spot_nodes_become_one_only_once_the_running_executors_allow_it(string allowedBecause)
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "10s");
        // Two spot nodes, one per zone (zones c and d sell spot; a and b on-demand only), launched
        // for two pinned placeholders; the scenario's pods, free to go anywhere, are then bound to them.
        string[] zones = ["cn-shenzhen-c", "cn-shenzhen-d"];
        var claims = await h.LaunchNodesForAsync(new TestPod("placeholder-c", "web", zones[0], CapacityType: "spot"), new TestPod("placeholder-d", "web", zones[1], CapacityType: "spot"));
        claims.Should().HaveCount(2).And.OnlyContain(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        var etlNode = (await h.ReadPodAsync("placeholder-c"))!.Spec.NodeName;
        var reportNode = (await h.ReadPodAsync("placeholder-d"))!.Spec.NodeName;
        foreach (var placeholder in new[] { "placeholder-c", "placeholder-d" })
        {
            await h.Client.CoreV1.DeleteNamespacedPodAsync(placeholder, "default", gracePeriodSeconds: 0);
        }

        var kept = claims.Single(c => c.NodeName == etlNode);
        var emptied = claims.Single(c => c.NodeName == reportNode);
        // Each node: one executor of a different application, half the node. The report node also
        // runs a small proxy; the report driver runs beside the etl executor.
        await h.AddRunningPodAsync(new TestPod("etl-exec-1", "executor", App: "etl", Cpu: "500m"), etlNode);
        await h.AddRunningPodAsync(new TestPod("report-exec-1", "executor", App: "report", Cpu: "500m"), reportNode);
        await h.AddRunningPodAsync(new TestPod("metrics-proxy", "web", App: "metrics", Cpu: "250m", Memory: "256Mi"), reportNode);
        await h.AddRunningPodAsync(new TestPod("report-driver", "driver", App: "report", Cpu: "250m", Memory: "256Mi"), etlNode);
        var controller = h.NewController();

        // Both nodes are half empty, but each runs an executor of a running application: the
        // default policy (WaitForExecutors) leaves them, however long past consolidateAfter.
        for (var pass = 0; pass < 12; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
            (await h.ListNodesAsync()).Should().HaveCount(2).And.OnlyContain(n => !DisruptionSnapshotBuilder.IsTainted(n), "no node with a running executor is disrupted");
        }

        foreach (var pod in new[] { "etl-exec-1", "report-exec-1", "metrics-proxy", "report-driver" })
        {
            (await h.ReadPodAsync(pod))!.Metadata.DeletionTimestamp.Should().BeNull($"{pod} is not evicted while the executors run");
        }

        h.Metrics.Reported.Should().NotContain(r => r.StartsWith("action:", StringComparison.Ordinal) || r.StartsWith("eviction:", StringComparison.Ordinal));

        // The report executor finishes, or the report application ends (its driver exits) and its
        // executor may go: what the report node holds fits beside the etl executor, so the two
        // nodes become one — without touching the etl executor, whose application still runs.
        await h.SucceedAsync(allowedBecause == "the executor finishes" ? "report-exec-1" : "report-driver");
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != emptied.Name), "the emptier node consolidated away", afterPass: async () =>
        {
            await h.FinishTerminatingPodsAsync();
            (await h.ReadPodAsync("etl-exec-1"))!.Metadata.DeletionTimestamp.Should().BeNull("the running etl executor is never evicted");
        });

        (await h.ListClaimsAsync()).Should().ContainSingle().Which.Name.Should().Be(kept.Name, "no replacement was needed: the moved pods fit on the kept node");
        (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty();
        h.Emulator.ListInstances().Should().ContainSingle().Which.Tags["karpenter.sh/nodeclaim"].Should().Be(kept.Name);
        var etl = (await h.ReadPodAsync("etl-exec-1"))!;
        etl.Status.Phase.Should().Be("Running");
        etl.Spec.NodeName.Should().Be(etlNode);
        (await h.ReadPodAsync("metrics-proxy")).Should().BeNull("the proxy was evicted from the consolidated node");
        if (allowedBecause == "the application ends")
        {
            (await h.ReadPodAsync("report-exec-1")).Should().BeNull("an executor of an ended application may go");
        }
        h.Metrics.Reported.Should().Contain("action:underutilized:delete:1");
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Should().Contain(e => e.InvolvedObject.Name == emptied.Name && e.Reason == "Disrupting" && e.Message.Contains("underutilized", StringComparison.Ordinal));
    }
}
