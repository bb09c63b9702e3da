using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class PodDisruptionBudgetScenarioTests
{
    [Fact]
    public async Task A_PodDisruptionBudget_holds_the_drain_until_it_allows_the_eviction()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        await h.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "executors", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["spark-role"] = "executor" } },
            },
        }, "default");
        var controller = h.NewController();
        h.Emulator.ReclaimInstance(h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == spot.Name).InstanceId);

        for (var pass = 0; pass < 5; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(5));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ReadPodAsync("spark-pi-exec-1"))!.Metadata.DeletionTimestamp.Should().BeNull("the budget refuses the only executor's eviction");
        h.Metrics.Count("eviction:blocked").Should().BeGreaterThanOrEqualTo(2, "a refused eviction is tried again at later passes");
        (await h.ListClaimsAsync()).Should().Contain(c => c.Name == spot.Name, "the node is not removed under a pod the budget protects");

        await h.Client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync("executors", "default");
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != spot.Name), "the drain finished once the budget allowed it", afterPass: h.FinishTerminatingPodsAsync);
        h.Metrics.Reported.Should().Contain("eviction:evicted");
    }

    [Fact]
    public async Task At_the_pools_terminationGracePeriod_a_pod_the_budget_never_lets_go_is_deleted_and_the_node_terminated()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var gracePeriod = TimeSpan.FromMinutes(2);
        h.ChangeNodePools(p => p with { TerminationGracePeriod = gracePeriod });
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        await h.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "executors", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 0, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["spark-role"] = "executor" } } },
        }, "default");
        h.Emulator.ReclaimInstance(h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == spot.Name).InstanceId);
        var drainStarted = h.Clock.GetUtcNow();
        var controller = h.NewController();
        await controller.ReconcileOnceAsync(CancellationToken.None);
        (await h.ListClaimsAsync()).Single(c => c.Name == spot.Name).Annotations.Should().ContainKey(DisruptionAnnotations.DrainStartedAt);

        // The pod's own grace period (30 s, the default) must fit before the deadline: until then the budget holds.
        var podGrace = TimeSpan.FromSeconds(30);
        DateTimeOffset? deletedAt = null;
        async Task CheckAsync()
        {
            var now = h.Clock.GetUtcNow();
            if ((await h.ReadPodAsync("spark-pi-exec-1"))?.Metadata.DeletionTimestamp is not null)
            {
                deletedAt ??= now;
            }
            else
            {
                now.Should().BeBefore(drainStarted + gracePeriod - podGrace + TimeSpan.FromSeconds(10), "the pod is deleted once its grace period reaches the deadline");
            }
        }

        await h.PassUntilAsync(controller, () => Task.FromResult(h.Clock.GetUtcNow() >= drainStarted + TimeSpan.FromMinutes(1)), "half the grace period", step: TimeSpan.FromSeconds(10), afterPass: CheckAsync);
        (await h.ReadPodAsync("spark-pi-exec-1"))!.Metadata.DeletionTimestamp.Should().BeNull("the budget still holds");

        // A restart in the middle of the drain: the deadline counts from the stamp on the claim, not from the restart.
        await h.PassUntilAsync(h.NewController(), async () => (await h.ListClaimsAsync()).All(c => c.Name != spot.Name), "the node terminated at the deadline", step: TimeSpan.FromSeconds(10), afterPass: CheckAsync);

        deletedAt.Should().NotBeNull().And.BeOnOrAfter(drainStarted + gracePeriod - podGrace, "the budget held until the pod's grace period reached the deadline");
        h.Clock.GetUtcNow().Should().BeOnOrAfter(drainStarted + gracePeriod, "the node goes at the deadline, not before");
        h.Clock.GetUtcNow().Should().BeBefore(drainStarted + gracePeriod + TimeSpan.FromSeconds(30), "and at the deadline, though the pod is still terminating");
        h.Metrics.Reported.Should().Contain("eviction:deleted").And.Contain("eviction:blocked");
        h.Emulator.ListInstances().Select(i => i.Tags["karpenter.sh/nodeclaim"]).Should().NotContain(spot.Name);
    }
}
