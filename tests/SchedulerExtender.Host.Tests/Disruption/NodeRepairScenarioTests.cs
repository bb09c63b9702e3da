using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// Node repair over the embedded API and the ECS emulator: a node whose kubelet stopped reporting
/// is terminated after RepairAfter (30 min on the fake clock) without waiting for its pods, and a
/// pool with too many such nodes is left alone.
/// </summary>
public sealed class NodeRepairScenarioTests
{
    [Fact]
    public async Task A_node_not_ready_for_30_minutes_is_terminated_without_drain_and_its_pending_pods_get_a_new_node()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var sick = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        var instance = h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == sick.Name).InstanceId;
        var controller = h.NewController();

        await MarkNotReadyAsync(h, sick.NodeName!);
        h.Clock.Advance(TimeSpan.FromMinutes(25));
        await controller.ReconcileOnceAsync(CancellationToken.None);
        (await h.ListClaimsAsync()).Select(c => c.Name).Should().Contain(sick.Name, "25 minutes not ready is within the toleration");

        // The executor stays Running on the dead node (no kubelet confirms anything): nothing waits for it.
        await h.PassUntilAsync(controller, async () =>
            (await h.ListClaimsAsync()).All(c => c.Name != sick.Name)
            && (await h.ListNodesAsync()).All(n => n.Metadata.Name != sick.NodeName)
            && h.Emulator.ListInstances().All(i => i.InstanceId != instance), "the not-ready node repaired", step: TimeSpan.FromMinutes(1));

        (await h.ListClaimsAsync()).Select(c => c.Name).Should().Equal([claims.Single(c => c.Name != sick.Name).Name], "the healthy node stays");
        h.Metrics.Count("action:unhealthy:delete:1").Should().Be(1);
        h.Metrics.Count("eviction:").Should().Be(0, "a repair does not drain");
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Should().Contain(e => e.InvolvedObject.Name == sick.Name && e.Reason == "NodeRepaired" && e.Type == "Warning");

        // Kubernetes removes the pods of the vanished node; Spark asks for the executor again: a new node is launched for it.
        await h.Client.CoreV1.DeleteNamespacedPodAsync("spark-pi-exec-1", "default", gracePeriodSeconds: 0);
        await h.CreatePendingPodAsync(new TestPod("spark-pi-exec-2", "executor"));
        await using (h.StartProvisioner())
        {
            await DisruptionHarness.EventuallyAsync(async () => (await h.ListClaimsAsync()).Count == 2 && h.Emulator.ListInstances().Count == 2, "a new claim launched for the pending executor", h.Logs);
        }
    }

    [Fact]
    public async Task When_more_than_20_percent_of_a_pools_nodes_are_not_ready_none_is_repaired_and_operators_are_told_why()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var controller = h.NewController();
        foreach (var claim in claims)
        {
            await MarkNotReadyAsync(h, claim.NodeName!);
        }

        for (var pass = 0; pass < 5; pass++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ListClaimsAsync()).Should().HaveCount(2, "two of two nodes not ready looks like the cluster, not the nodes");
        h.Emulator.ListInstances().Should().HaveCount(2);
        h.Metrics.Count("action:").Should().Be(0);
        var events = (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.Reason == "DisruptionBlocked").ToList();
        events.Select(e => e.InvolvedObject.Name).Distinct().Should().BeEquivalentTo(claims.Select(c => c.Name), "each held-back node says why (again after BlockedEventInterval)");
        events.Should().OnlyContain(e => e.Message.Contains("2 of 2 nodes of NodePool", StringComparison.Ordinal));
    }

    /// <summary>What the node lifecycle controller writes when the kubelet stops posting: Ready Unknown, from the fake clock's now.</summary>
    private static async Task MarkNotReadyAsync(DisruptionHarness h, string nodeName)
    {
        var at = h.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject { ["type"] = "Ready", ["status"] = "Unknown", ["reason"] = "NodeStatusUnknown", ["lastTransitionTime"] = at };
        await h.Client.CoreV1.PatchNodeStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } }), nodeName);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.Nodes.Items.Values.Any(n => n.Metadata.Name == nodeName
            && n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "Unknown") == true)), "the node cache sees the node not ready");
    }
}
