using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;

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
}
