using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// The disruption controller reads claims from a watch cache that may lag; an instance is released
/// as an orphan only once a GET of its claim from the API answers 404.
/// </summary>
public sealed class OrphanConfirmationTests
{
    [Fact]
    public async Task An_instance_whose_claim_the_lagging_cache_lacks_but_the_API_holds_is_not_released()
    {
        await using var h = await DisruptionHarness.StartAsync();
        await using var lagging = await LaggingCacheAsync(h);
        var claim = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        var controller = h.NewController(claims: lagging);

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await controller.ReconcileOnceAsync(CancellationToken.None);

        h.Emulator.ListInstances().Should().ContainSingle(i => i.Tags[InstanceTags.NodeClaim] == claim.Name, "the claim exists in the API, only the cache lacks it");
        h.Metrics.Reported.Should().NotContain("orphan:instance");
    }

    [Fact]
    public async Task An_instance_whose_claim_is_gone_from_the_API_is_released_though_the_cache_lags()
    {
        await using var h = await DisruptionHarness.StartAsync();
        await using var lagging = await LaggingCacheAsync(h);
        var claim = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        await h.Claims.RemoveFinalizerAsync(claim, CancellationToken.None);
        await h.Claims.DeleteAsync(claim.Name, CancellationToken.None);
        var controller = h.NewController(claims: lagging);

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await controller.ReconcileOnceAsync(CancellationToken.None);

        h.Emulator.ListInstances().Should().NotContain(i => i.Tags[InstanceTags.NodeClaim] == claim.Name, "the claim is gone: a true orphan");
        h.Metrics.Reported.Should().Contain("orphan:instance");
    }

    // A cache that listed before any claim existed and then stopped, as one whose watch is down: it never shows a claim.
    private static async Task<NodeClaimCache> LaggingCacheAsync(DisruptionHarness h)
    {
        var cache = new NodeClaimCache(h.Client);
        await cache.StartAsync(CancellationToken.None);
        await cache.WaitForSyncAsync(CancellationToken.None);
        await cache.StopAsync(CancellationToken.None);
        return cache;
    }
}
