using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Host.Tests.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

public sealed class ProvisionerEndToEndTests
{
    private static bool AllReady(IReadOnlyList<NodeClaimResource> claims, int atLeast) =>
        claims.Count >= atLeast && claims.All(c => c.IsTrue(NodeClaimCondition.Ready));

    private static async Task CreateSparkJobAsync(ProvisionerHarness h, int executors)
    {
        await h.CreatePendingSparkPodAsync("spark-pi-driver", "driver");
        for (var i = 1; i <= executors; i++)
        {
            await h.CreatePendingSparkPodAsync($"spark-pi-exec-{i}", "executor");
        }
    }

    [Fact]
    public async Task Pending_spark_pods_become_claims_instances_and_registered_nodes_driver_on_demand_executors_on_spot()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSparkJobAsync(h, executors: 6);

        h.StartProvisioner();
        await h.EventuallyAsync(c => AllReady(c, 2), "every claim launched, registered and initialized", joinNodes: true);

        var claims = await h.ListClaimsAsync();
        claims.Should().Contain(c => c.Labels[WellKnownLabels.CapacityType] == "on-demand", "the driver must not be reclaimed");
        claims.Should().Contain(c => c.Labels[WellKnownLabels.CapacityType] == "spot", "executors are replaceable and spot is cheaper");
        claims.Where(c => c.Labels[WellKnownLabels.CapacityType] == "on-demand").Should().ContainSingle();
        claims.Should().OnlyContain(c => c.Name.StartsWith("ecsnodepool-", StringComparison.Ordinal) && c.Finalizers.Contains(NodeClaimResource.TerminationFinalizer));
        claims.Should().OnlyContain(c => c.NodeName != null && c.ProviderId == c.NodeName && c.Allocatable != null && c.Capacity != null);

        var instances = h.Emulator.ListInstances();
        instances.Should().HaveCount(claims.Count);
        instances.Select(i => i.Tags["karpenter.sh/nodeclaim"]).Should().BeEquivalentTo(claims.Select(c => c.Name));
        h.Emulator.CountOf("RunInstances").Should().Be(claims.Count);

        var events = (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items;
        foreach (var claim in claims)
        {
            events.Where(e => e.InvolvedObject.Kind == "NodeClaim" && e.InvolvedObject.Name == claim.Name).Select(e => e.Reason)
                .Should().Contain(["Launched", "Registered"]);
            var node = await h.Client.CoreV1.ReadNodeAsync(claim.NodeName);
            var instance = instances.Single(i => i.Tags["karpenter.sh/nodeclaim"] == claim.Name);
            node.Metadata.Labels.Should().Contain(new Dictionary<string, string>
            {
                [WellKnownLabels.NodePool] = "ecsnodepool",
                [WellKnownLabels.InstanceType] = instance.InstanceType,
                [WellKnownLabels.Zone] = instance.ZoneId,
                [WellKnownLabels.CapacityType] = instance.CapacityType.ToLabelValue(),
                [WellKnownLabels.Arch] = "amd64",
                [WellKnownLabels.InstanceFamily] = InstanceType.FamilyOf(instance.InstanceType),
            });
        }
    }

    [Fact]
    public async Task Claims_are_reported_by_pool_and_state_and_a_bound_pod_by_its_pending_time()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSparkJobAsync(h, executors: 2);

        h.StartProvisioner();
        await h.EventuallyAsync(c => AllReady(c, 2), "every claim launched, registered and initialized", joinNodes: true);
        var claims = await h.ListClaimsAsync();
        await h.BindPodAsync("spark-pi-driver");

        var expected = $"schedext_node_claims{{nodepool=\"ecsnodepool\",state=\"initialized\"}} {claims.Count}";
        await DisruptionHarness.EventuallyAsync(
            async () => await h.ExportMetricsAsync() is var text && text.Contains(expected, StringComparison.Ordinal)
                && text.Contains("schedext_pod_pending_seconds_count{role=\"driver\"} 1", StringComparison.Ordinal),
            "the initialized claims counted and the bound driver observed");

        var metrics = await h.ExportMetricsAsync();
        metrics.Should().Contain("schedext_node_claims{nodepool=\"ecsnodepool\",state=\"launching\"} 0", "the claims launched earlier have moved on")
            .And.NotContain("schedext_pod_pending_seconds_count{role=\"executor\"}", "the executors are still pending");
    }

    [Fact]
    public async Task Pods_already_planned_count_against_capacity_in_flight_and_get_no_second_claim()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSparkJobAsync(h, executors: 6);
        h.StartProvisioner();
        await h.EventuallyAsync(c => AllReady(c, 2), "the first batch launched and registered", joinNodes: true);
        var first = await h.ListClaimsAsync();

        // Nothing binds the pods here, so all seven are still pending when a new executor arrives:
        // the new batch plans eight pods, seven of them onto the claims already in flight.
        await h.CreatePendingSparkPodAsync("spark-pi-exec-7", "executor");
        await h.EventuallyAsync(_ => h.Logs.Lines.Count(l => l.Contains("Planned ", StringComparison.Ordinal)) >= 2, "a second plan");
        await h.EventuallyAsync(c => AllReady(c, first.Count), "every claim registered", joinNodes: true);

        var planned = h.Logs.Lines.Last(l => l.Contains("Planned ", StringComparison.Ordinal));
        planned.Should().Contain("Planned 8 pending pods");
        (await h.ListClaimsAsync()).Count.Should().BeLessThanOrEqualTo(first.Count + 1);
        h.Emulator.ListInstances().Should().HaveCount((await h.ListClaimsAsync()).Count);
    }

    [Fact]
    public async Task A_restart_between_RunInstances_and_registration_does_not_launch_twice()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSparkJobAsync(h, executors: 4);
        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count >= 2 && c.All(x => x.ProviderId != null), "every claim launched");
        await h.StopProvisionersAsync();
        var launchesBefore = h.Emulator.CountOf("RunInstances");
        var claims = await h.ListClaimsAsync();

        // The worst moment to crash: RunInstances answered, the claim's status not yet written.
        await h.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            NodeClaimStore.MergePatch(new System.Text.Json.Nodes.JsonObject { ["status"] = null }), "karpenter.sh", "v1", "nodeclaims", claims[0].Name);
        h.StartProvisioner();
        await h.EventuallyAsync(c => AllReady(c, claims.Count), "every claim registered after the restart", joinNodes: true);

        h.Emulator.CountOf("RunInstances").Should().Be(launchesBefore);
        (await h.ListClaimsAsync()).Select(c => c.Name).Should().BeEquivalentTo(claims.Select(c => c.Name));
        h.Emulator.ListInstances().GroupBy(i => i.Tags["karpenter.sh/nodeclaim"]).Should().OnlyContain(g => g.Count() == 1)
            .And.HaveCount(claims.Count);
    }

    [Fact]
    public async Task A_stock_out_falls_through_to_the_next_offering()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        // Learn the executors' first choice, then take its stock away in every zone.
        await CreateSparkJobAsync(h, executors: 4);
        var firstChoice = await FirstSpotCandidateAsync(h);
        foreach (var zone in BuiltInCatalog.Catalog.ZonesIn("cn-shenzhen"))
        {
            h.Emulator.SetStock(firstChoice, zone, CapacityType.Spot, 0);
        }

        h.StartProvisioner();
        await h.EventuallyAsync(c => AllReady(c, 2), "every claim registered despite the stock-out", joinNodes: true);

        var claims = await h.ListClaimsAsync();
        var spot = claims.Where(c => c.Labels[WellKnownLabels.CapacityType] == "spot").ToList();
        spot.Should().NotBeEmpty();
        spot.Should().OnlyContain(c => c.Labels[WellKnownLabels.InstanceType] != firstChoice);
        spot.Should().Contain(c => c.Spec.InstanceTypes[0] == firstChoice, "the claim still listed the stocked-out type first and fell through to the next");
        h.Emulator.ListInstances().Should().HaveCount(claims.Count);
    }

    [Fact]
    public async Task A_claim_whose_node_never_registers_is_terminated_and_its_pods_planned_again()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await h.CreatePendingSparkPodAsync("spark-pi-driver", "driver");
        h.StartProvisioner(registrationTimeout: TimeSpan.FromSeconds(2));
        await h.EventuallyAsync(c => c.Count == 1 && c[0].ProviderId != null, "the driver's claim launched");
        var first = (await h.ListClaimsAsync()).Single();
        var firstInstance = h.Emulator.ListInstances().Single().InstanceId;

        await h.EventuallyAsync(c => c.Count == 1 && c[0].Name != first.Name, "the claim terminated and a new one planned for the still-pending driver");

        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(firstInstance, "the unregistered instance is released");
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Should().Contain(e => e.InvolvedObject.Name == first.Name && e.Type == "Warning" && e.Reason == "RegistrationTimeout");
    }

    // The controller's own solve, made here on the same inputs: its first spot candidate.
    private static async Task<string> FirstSpotCandidateAsync(ProvisionerHarness h)
    {
        var plan = await h.PlanAsync(expectedPods: 5);
        return plan.NewClaims.First(c => c.CapacityType == CapacityType.Spot).Candidates[0].InstanceType;
    }
}
