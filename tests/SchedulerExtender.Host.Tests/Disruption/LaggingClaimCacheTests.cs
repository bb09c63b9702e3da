using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>The disruption controller's own writes count while its claim cache does not show them yet.</summary>
public sealed class LaggingClaimCacheTests
{
    [Fact]
    public async Task A_node_whose_replace_was_started_is_not_replaced_again_while_the_claim_cache_lags()
    {
        // consolidateAfter Never: only drift can take the node.
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var old = (await h.LaunchNodesForAsync(new TestPod("web-1", "web"))).Single();
        // A cache that shows the claim ready and then stops, as one whose watch is down: it never shows what the controller writes.
        await using var lagging = new NodeClaimCache(h.Client);
        await lagging.StartAsync(CancellationToken.None);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(lagging.Claims.Any(c => c.Name == old.Name && c.IsTrue(NodeClaimCondition.Ready))), "the cache shows the claim ready");
        await lagging.StopAsync(CancellationToken.None);
        var other = old.Labels[WellKnownLabels.CapacityType] == CapacityType.Spot.ToLabelValue() ? CapacityType.OnDemand : CapacityType.Spot;
        h.ChangeNodePools(p => p with
        {
            Requirements = [.. p.Requirements.Where(r => r.Key != WellKnownLabels.CapacityType), NodeSelectorRequirement.In(WellKnownLabels.CapacityType, other.ToLabelValue())],
        });
        var controller = h.NewController(claims: lagging);
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements),
            "the replace command started");

        // Ten more passes, 50 s: long past the validation delay (15 s) a second command would wait.
        for (var pass = 0; pass < 10; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(5));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ListClaimsAsync()).Count(c => c.Annotations.ContainsKey(DisruptionAnnotations.ReplacementFor))
            .Should().Be(1, "the node whose replace this process started is disrupting, whatever the lagging cache shows");
    }
}
