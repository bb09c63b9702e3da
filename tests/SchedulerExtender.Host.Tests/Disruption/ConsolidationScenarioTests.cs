using k8s;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class ConsolidationScenarioTests
{
    [Fact]
    public async Task Two_half_empty_spot_nodes_become_one_only_once_the_running_executors_allow_it()
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "10s");
        // Zones c and d sell spot (a and b sell on-demand only).
        string[] zones = ["cn-shenzhen-c", "cn-shenzhen-d"];
        // Two applications' executors on spot, one per zone, so each gets its own node.
        var claims = await h.LaunchNodesForAsync(new TestPod("etl-exec-1", "executor", zones[0], App: "etl", CapacityType: "spot"),
            new TestPod("report-exec-1", "executor", zones[1], App: "report", CapacityType: "spot"));
        claims.Should().HaveCount(2).And.OnlyContain(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        var etlNode = (await h.ReadPodAsync("etl-exec-1"))!.Spec.NodeName;
        var reportNode = (await h.ReadPodAsync("report-exec-1"))!.Spec.NodeName;
        var kept = claims.Single(c => c.NodeName == etlNode);
        var emptied = claims.Single(c => c.NodeName == reportNode);
        // A small pod that may go anywhere shares the report executor's node.
        await h.AddRunningPodAsync(new TestPod("metrics-proxy", "web", App: "metrics", Cpu: "250m", Memory: "256Mi"), reportNode);
        var controller = h.NewController();

        // Both nodes are half empty, but each runs an executor of a running application: the
        // default policy (WaitForExecutors) leaves them, however long past consolidateAfter.
        for (var pass = 0; pass < 12; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
            (await h.ListNodesAsync()).Should().HaveCount(2).And.OnlyContain(n => !DisruptionSnapshotBuilder.IsTainted(n), "no node with a running executor is disrupted");
        }

        foreach (var pod in new[] { "etl-exec-1", "report-exec-1", "metrics-proxy" })
        {
            (await h.ReadPodAsync(pod))!.Metadata.DeletionTimestamp.Should().BeNull($"{pod} is not evicted while the executors run");
        }

        h.Metrics.Reported.Should().NotContain(r => r.StartsWith("action:", StringComparison.Ordinal) || r.StartsWith("eviction:", StringComparison.Ordinal));

        // The report executor finishes: its node now holds only the proxy, which fits beside the
        // etl executor, so the two nodes become one — without touching the etl executor.
        await h.SucceedAsync("report-exec-1");
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != emptied.Name), "the emptier node consolidated away", afterPass: async () =>
        {
            await h.FinishTerminatingPodsAsync();
            (await h.ReadPodAsync("etl-exec-1"))!.Metadata.DeletionTimestamp.Should().BeNull("the running etl executor is never evicted");
        });

        (await h.ListClaimsAsync()).Should().ContainSingle().Which.Name.Should().Be(kept.Name, "no replacement was needed: the proxy fits on the kept node");
        (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty();
        h.Emulator.ListInstances().Should().ContainSingle().Which.Tags["karpenter.sh/nodeclaim"].Should().Be(kept.Name);
        var etl = (await h.ReadPodAsync("etl-exec-1"))!;
        etl.Status.Phase.Should().Be("Running");
        etl.Spec.NodeName.Should().Be(etlNode);
        (await h.ReadPodAsync("metrics-proxy")).Should().BeNull("the proxy was evicted from the consolidated node");
        h.Metrics.Reported.Should().Contain("action:underutilized:delete:1");
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Should().Contain(e => e.InvolvedObject.Name == emptied.Name && e.Reason == "Disrupting" && e.Message.Contains("underutilized", StringComparison.Ordinal));
    }
}
