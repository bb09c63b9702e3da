using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// Karpenter v1 copies the pool's terminationGracePeriod onto each NodeClaim at launch, and a
/// node's drain deadline is its claim's: editing the pool later changes only nodes launched
/// afterwards. Each scenario drains the spot node under a PodDisruptionBudget that never lets its
/// executor go, so only the deadline ends the drain.
/// </summary>
public sealed class TerminationGracePeriodScenarioTests
{
    private static readonly TimeSpan AtLaunch = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_claim_keeps_the_pools_terminationGracePeriod_from_launch_when_the_pool_changes_afterwards()
    {
        await using var h = await DisruptionHarness.StartAsync();
        h.ChangeNodePools(p => p with { TerminationGracePeriod = AtLaunch });
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));

        claims.Should().OnlyContain(c => c.TerminationGracePeriod == AtLaunch, "the provisioner copies the pool's value onto every claim it creates");
        foreach (var claim in claims)
        {
            (await ReadClaimSpecAsync(h, claim.Name))["terminationGracePeriod"]!.GetValue<string>().Should().Be("2m0s", "Karpenter's field, in Go's duration form");
        }

        // The user removes the deadline from the pool: the nodes already launched keep theirs.
        h.ChangeNodePools(p => p with { TerminationGracePeriod = null });
        var drained = await DrainUntilTerminatedAsync(h, claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot"));

        drained.Should().BeGreaterThanOrEqualTo(AtLaunch, "not before the claim's deadline")
            .And.BeLessThan(AtLaunch + TimeSpan.FromSeconds(30), "the claim's deadline holds though the pool now sets none");
    }

    [Fact]
    public async Task A_claim_without_a_terminationGracePeriod_uses_the_pools_current_value()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");

        spot.TerminationGracePeriod.Should().BeNull();
        (await ReadClaimSpecAsync(h, spot.Name)).Should().NotContainKey("terminationGracePeriod", "the pool sets none, so neither does the claim");

        // As for a claim launched before the field was copied: the pool's value now, set after launch.
        h.ChangeNodePools(p => p with { TerminationGracePeriod = AtLaunch });
        var drained = await DrainUntilTerminatedAsync(h, spot);

        drained.Should().BeGreaterThanOrEqualTo(AtLaunch).And.BeLessThan(AtLaunch + TimeSpan.FromSeconds(30), "the pool's deadline applies");
    }

    [Fact]
    public async Task An_unreadable_terminationGracePeriod_on_a_claim_is_reported_once_and_the_pools_value_used()
    {
        await using var h = await DisruptionHarness.StartAsync();
        h.ChangeNodePools(p => p with { TerminationGracePeriod = TimeSpan.FromHours(1) });
        var claims = await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"), new TestPod("spark-pi-exec-1", "executor"));
        var spot = claims.Single(c => c.Labels[WellKnownLabels.CapacityType] == "spot");
        await h.Client.CustomObjects.PatchClusterCustomObjectAsync(
            NodeClaimStore.MergePatch(new JsonObject { ["spec"] = new JsonObject { ["terminationGracePeriod"] = "soon" } }),
            NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, spot.Name);
        h.ChangeNodePools(p => p with { TerminationGracePeriod = AtLaunch });

        var drained = await DrainUntilTerminatedAsync(h, spot);

        drained.Should().BeGreaterThanOrEqualTo(AtLaunch).And.BeLessThan(AtLaunch + TimeSpan.FromSeconds(30), "the unreadable value counts as absent");
        h.Logs.Lines.Count(l => l.Contains(spot.Name, StringComparison.Ordinal) && l.Contains("\"soon\" is not a duration", StringComparison.Ordinal))
            .Should().Be(1, "reported once, though every pass of the drain reads it");
    }

    /// <summary>
    /// Reclaims the claim's spot instance with a budget that refuses its executor's eviction and
    /// runs passes (10 s apart on the fake clock) until the claim is gone: how long the drain took.
    /// </summary>
    private static async Task<TimeSpan> DrainUntilTerminatedAsync(DisruptionHarness h, NodeClaimResource spot)
    {
        await h.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "executors", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 0, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["spark-role"] = "executor" } } },
        }, "default");
        h.Emulator.ReclaimInstance(h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == spot.Name).InstanceId);
        var controller = h.NewController();
        var started = h.Clock.GetUtcNow();
        await controller.ReconcileOnceAsync(CancellationToken.None);

        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != spot.Name), "the node terminated at its deadline", step: TimeSpan.FromSeconds(10));
        return h.Clock.GetUtcNow() - started;
    }

    private static async Task<JsonObject> ReadClaimSpecAsync(DisruptionHarness h, string name)
    {
        var raw = await h.Client.CustomObjects.GetClusterCustomObjectAsync(NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name);
        return JsonNode.Parse(JsonSerializer.Serialize(raw))!["spec"]!.AsObject();
    }
}
