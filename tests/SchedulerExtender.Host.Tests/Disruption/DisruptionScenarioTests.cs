using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class DisruptionScenarioTests
{
    private static bool Tainted(k8s.Models.V1Node node) => DisruptionSnapshotBuilder.IsTainted(node);

    private static async Task<List<k8s.Models.Corev1Event>> BlockedEventsAsync(DisruptionHarness h, string claim) =>
        [.. (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == claim && e.Reason == "DisruptionBlocked")];

    [Fact]
    public async Task An_empty_node_is_removed_after_consolidateAfter_with_its_instance_and_claim()
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "30s");
        var claim = (await h.LaunchNodesForAsync(new TestPod("job-exec-1", "executor"))).Single();
        var controller = h.NewController();
        await controller.ReconcileOnceAsync(CancellationToken.None); // sees the pod running

        // The job ends: its executor goes.
        await h.Client.CoreV1.DeleteNamespacedPodAsync("job-exec-1", "default", gracePeriodSeconds: 0);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.Pods.Items.Count == 0), "the pod cache sees the pod gone");
        for (var i = 0; i < 4; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(5));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty("20 s after the last pod left is before consolidateAfter (30 s)");

        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Count == 0, "the empty node removed");

        (await h.ListNodesAsync()).Should().BeEmpty();
        h.Emulator.ListInstances().Should().BeEmpty("the instance is released");
        h.Metrics.Reported.Should().Contain("action:empty:delete:1").And.Contain("terminated");
        var events = (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == claim.Name).ToList();
        events.Should().Contain(e => e.Reason == "Disrupting" && e.Message.Contains("saving", StringComparison.Ordinal) && e.Message.Contains("empty", StringComparison.Ordinal));
        events.Should().Contain(e => e.Reason == "Terminated");
    }

    [Fact]
    public async Task A_node_with_a_running_driver_is_never_disrupted_and_goes_once_the_application_ends()
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "10s");
        var claim = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        var controller = h.NewController();

        for (var pass = 0; pass < 40; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
            (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty("a running driver's node is never disrupted");
        }

        h.Metrics.Reported.Should().NotContain(r => r.StartsWith("action:", StringComparison.Ordinal) || r.StartsWith("eviction:", StringComparison.Ordinal));
        // Operators see why the node stays, once for the 40 passes (400 s, within BlockedEventInterval).
        (await BlockedEventsAsync(h, claim.Name)).Should().ContainSingle().Which.Message.Should()
            .StartWith("underutilized but not disrupted: ").And.Contain("Spark driver default/spark-pi-driver of running application");

        // Past the interval the node, still blocked, is recorded again.
        h.Clock.Advance(new DisruptionSettings().BlockedEventInterval);
        await controller.ReconcileOnceAsync(CancellationToken.None);
        (await BlockedEventsAsync(h, claim.Name)).Should().HaveCount(2);
        (await h.ReadPodAsync("spark-pi-driver"))!.Metadata.DeletionTimestamp.Should().BeNull();

        // The application completes: the same node is now only a cost.
        await h.Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Succeeded" } }), "spark-pi-driver", "default");
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Count == 0, "the finished job's node removed");
        h.Emulator.ListInstances().Should().BeEmpty();
    }

    [Fact]
    public async Task A_spot_reclaim_taints_the_node_launches_a_replacement_and_evicts_executors_before_the_driver()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"), new TestPod("spark-pi-exec-2", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        var instance = h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == spot.Name);
        var controller = h.NewController();

        h.Emulator.ReclaimInstance(instance.InstanceId);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await controller.ReconcileOnceAsync(CancellationToken.None);

        (await h.Client.CoreV1.ReadNodeAsync(spot.NodeName)).Spec.Taints.Should().Contain(t => t.Key == "karpenter.sh/disrupted" && t.Effect == "NoSchedule");
        (await h.ReadPodAsync("spark-pi-exec-1"))!.Metadata.DeletionTimestamp.Should().NotBeNull("executors are evicted at once, gracefully");
        (await h.ReadPodAsync("spark-pi-exec-2"))!.Metadata.DeletionTimestamp.Should().NotBeNull();
        (await h.ReadPodAsync("spark-pi-driver"))!.Metadata.DeletionTimestamp.Should().BeNull("the driver is on another node");
        var replacement = (await h.ListClaimsAsync()).Where(c => claims.All(old => old.Name != c.Name)).Should().ContainSingle("a replacement is launched for the executors").Subject;
        replacement.ProviderId.Should().BeNull("the provisioner launches it through its own path");
        h.NoStock.IsUnavailable(instance.InstanceType, instance.ZoneId, CapacityType.Spot, h.Clock.GetUtcNow()).Should().BeTrue("the reclaimed offering is not bought again at once");
        h.Metrics.Reported.Should().Contain("reclaim").And.Contain("eviction:evicted");
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Should().Contain(e => e.InvolvedObject.Name == spot.Name && e.Reason == "SpotReclaimed");

        // The kubelet runs the executors' preStop hooks and lets them go; the node is then terminated.
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != spot.Name), "the reclaimed node terminated", afterPass: h.FinishTerminatingPodsAsync);
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotContain(spot.NodeName);
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(instance.InstanceId);
        (await h.ReadPodAsync("spark-pi-driver"))!.Metadata.DeletionTimestamp.Should().BeNull();
        h.Metrics.Count("reclaim").Should().Be(1, "a tainted node is not answered twice");
    }

    [Fact]
    public async Task A_budget_of_one_node_is_never_exceeded()
    {
        await using var h = await DisruptionHarness.StartAsync(budget: "1", consolidateAfter: "10s");
        var zones = BuiltInCatalog.Catalog.ZonesIn("cn-shenzhen").Take(3).ToList();
        var pods = zones.Select((z, i) => new TestPod($"exec-{i}", "executor", z, App: $"app-{i}")).ToArray();
        var claims = await h.LaunchNodesForAsync(pods);
        claims.Should().HaveCount(3, "one node per zone");
        foreach (var pod in pods)
        {
            await h.Client.CoreV1.DeleteNamespacedPodAsync(pod.Name, "default", gracePeriodSeconds: 0);
        }

        var controller = h.NewController();
        var most = 0;
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Count == 0, "every empty node removed", afterPass: async () =>
        {
            var disrupting = (await h.ListNodesAsync()).Count(Tainted) + (await h.ListClaimsAsync()).Count(c => c.Deleting);
            disrupting.Should().BeLessThanOrEqualTo(1, "the budget allows one node at a time");
            most = Math.Max(most, disrupting);
        });

        most.Should().Be(1);
        h.Emulator.ListInstances().Should().BeEmpty();
        h.Metrics.Reported.Where(r => r.StartsWith("action:", StringComparison.Ordinal)).Should().HaveCount(3).And.OnlyContain(r => r == "action:empty:delete:1");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crash_in_the_middle_of_a_termination_leaves_no_orphan_instance_and_no_stuck_node(bool crashAfterClaimDeleted)
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        var instanceId = h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == spot.Name).InstanceId;
        h.Emulator.ReclaimInstance(instanceId);
        await h.NewController().ReconcileOnceAsync(CancellationToken.None);
        (await h.ReadPodAsync("spark-pi-exec-1"))!.Metadata.DeletionTimestamp.Should().NotBeNull("the drain started before the crash");

        // The process dies here; with the second variant, right after the claim was marked deleting.
        if (crashAfterClaimDeleted)
        {
            await h.Claims.DeleteAsync(spot.Name, CancellationToken.None);
        }

        var restarted = h.NewController();
        await h.PassUntilAsync(restarted, async () => (await h.ListClaimsAsync()).All(c => c.Name != spot.Name), "the termination finished after the restart", afterPass: h.FinishTerminatingPodsAsync);

        var remaining = await h.ListClaimsAsync();
        h.Emulator.ListInstances().Select(i => i.Tags["karpenter.sh/nodeclaim"]).Should().BeSubsetOf(remaining.Select(c => c.Name), "no instance without a claim");
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(instanceId);
        var nodes = await h.ListNodesAsync();
        nodes.Should().NotContain(n => Tainted(n), "no node is left half-terminated");
        nodes.Select(n => n.Metadata.Name).Should().BeSubsetOf(remaining.Where(c => c.NodeName != null).Select(c => c.NodeName!));
    }

    [Fact]
    public async Task Orphans_are_collected_after_the_grace_period_only()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var kept = claims[0];
        var lost = claims[1];
        // An instance whose claim vanished (deleted with its finalizer stripped) …
        await h.Claims.RemoveFinalizerAsync(kept, CancellationToken.None);
        await h.Claims.DeleteAsync(kept.Name, CancellationToken.None);
        var orphanInstance = h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == kept.Name).InstanceId;
        // … and a claim whose instance vanished.
        await h.Cloud.DeleteAsync(h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == lost.Name).InstanceId, CancellationToken.None);
        var controller = h.NewController();

        h.Clock.Advance(TimeSpan.FromSeconds(10));
        await controller.ReconcileOnceAsync(CancellationToken.None);
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().Contain(orphanInstance, "a launch may still be in flight within the grace period");
        (await h.ListClaimsAsync()).Select(c => c.Name).Should().Contain(lost.Name);

        await h.PassUntilAsync(controller, async () => h.Emulator.ListInstances().Count == 0 && (await h.ListClaimsAsync()).Count == 0, "both orphans collected", step: TimeSpan.FromMinutes(1));
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotContain(lost.NodeName);
        h.Metrics.Reported.Should().Contain("orphan:instance").And.Contain("orphan:nodeclaim");
    }
}
