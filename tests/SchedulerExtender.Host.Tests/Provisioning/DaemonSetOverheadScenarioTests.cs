using k8s;
using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Host.Tests.Disruption;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>New nodes are sized for the DaemonSets they will run, read from the DaemonSets themselves.</summary>
public sealed class DaemonSetOverheadScenarioTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_daemonset_with_no_running_pod_is_reserved_on_the_first_new_node()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        // A spot-interruption handler created before any spot node exists: no pod of it runs
        // anywhere (the embedded API runs no DaemonSet controller either), yet the first spot node runs one.
        var handler = new ResourceAmounts(2000, 4096 * MiB);
        await h.Client.AppsV1.CreateNamespacedDaemonSetAsync(SpotHandler(), "default");
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.DaemonSets.Items.Count == 1), "the DaemonSet cache sees the handler");
        await h.CreatePendingSparkPodAsync("spark-pi-exec-1", "executor");
        var executor = new ResourceAmounts(1000, 896 * MiB);
        var catalog = await h.CatalogAsync();
        var withoutDaemonSets = await h.PlanAsync(1);

        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count > 0, "a claim for the executor");

        var claim = (await h.ListClaimsAsync()).Should().ContainSingle().Subject;
        claim.Spec.CapacityTypes.Should().Contain(CapacityType.Spot);
        claim.Spec.InstanceTypes.Should().NotBeEmpty().And.OnlyContain(t => Fits(catalog, t, executor + handler),
            "every candidate has room for the executor and the handler's pod");
        var cheapestAlone = withoutDaemonSets.NewClaims.Should().ContainSingle().Subject.Candidates[0].InstanceType;
        Fits(catalog, cheapestAlone, executor + handler).Should().BeFalse(
            $"sized for the executor alone, {cheapestAlone} would leave the executor pending again once the handler's pod lands");
    }

    private static bool Fits(IReadOnlyList<InstanceType> catalog, string typeName, ResourceAmounts need)
    {
        var allocatable = SolverOptions.Default.Reservation.Allocatable(catalog.Single(t => t.Name == typeName), 20L << 30);
        return allocatable.MilliCpu >= need.MilliCpu && allocatable.MemoryBytes >= need.MemoryBytes;
    }

    private static V1DaemonSet SpotHandler() => new()
    {
        Metadata = new V1ObjectMeta { Name = "spot-interruption-handler" },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "spot-handler" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "spot-handler" } },
                Spec = new V1PodSpec
                {
                    NodeSelector = new Dictionary<string, string> { [WellKnownLabels.CapacityType] = "spot" },
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "handler",
                            Image = "registry.example/spot-handler:1",
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") } },
                        },
                    ],
                },
            },
        },
    };
}
