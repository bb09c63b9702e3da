using System.Text.RegularExpressions;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// The provisioner reads NodeClaims from the shared list+watch cache, not a LIST per pass, and
/// what it created or launched itself counts while that cache lags behind.
/// </summary>
public sealed partial class NodeClaimCacheTests
{
    private const string NodeClaimsPath = "/apis/karpenter.sh/v1/nodeclaims";

    [Fact]
    public async Task Passes_do_not_list_nodeclaims_only_the_cache_does()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await h.CreatePendingSparkPodAsync("spark-pi-driver", "driver");
        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count == 1 && c[0].IsTrue(NodeClaimCondition.Initialized), "the claim launched, registered and initialized", joinNodes: true);

        // Every pass lists the cloud: twenty more of them, with nothing to do.
        var listings = h.Emulator.CountOf("DescribeInstances");
        await Eventually.HoldsAsync(() => h.Emulator.CountOf("DescribeInstances") >= listings + 20, "twenty more passes", context: () => string.Join("\n", h.Logs.Lines));

        h.ClaimCache.ListCount.Should().BeGreaterThan(0);
        h.ControllerRequests.ListsOf(NodeClaimsPath).Should().Be((int)h.ClaimCache.ListCount, "claims are listed by the cache alone (once, again only on a re-list), never by a pass");
    }

    [Fact]
    public async Task A_claim_launched_while_the_cache_lags_counts_as_capacity_in_flight_and_is_not_launched_again()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        // A cache that listed before any claim existed and then stopped: it never shows one.
        await using var lagging = new NodeClaimCache(h.ControllerClient);
        await lagging.StartAsync(CancellationToken.None);
        await lagging.WaitForSyncAsync(CancellationToken.None);
        await lagging.StopAsync(CancellationToken.None);
        await h.CreatePendingSparkPodAsync("spark-pi-exec-1", "executor");
        h.StartProvisioner(claims: lagging);
        await h.EventuallyAsync(c => c.Count == 1 && c[0].ProviderId is not null, "the claim launched");

        // A new pending pod: the whole pending set is planned again, the first pod included.
        await h.CreatePendingSparkPodAsync("spark-pi-exec-2", "executor");
        await Eventually.HoldsAsync(() => h.Logs.Lines.Count(l => l.Contains("Planned ", StringComparison.Ordinal)) >= 2, "the second plan", context: () => string.Join("\n", h.Logs.Lines));

        var second = h.Logs.Lines.Where(l => l.Contains("Planned ", StringComparison.Ordinal)).ElementAt(1);
        var plan = PlanLine().Match(second);
        plan.Success.Should().BeTrue(second);
        plan.Groups["pods"].Value.Should().Be("2");
        int.Parse(plan.Groups["inFlight"].Value, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThanOrEqualTo(1, "the claim launched for the first pod is capacity in flight though the cache does not show it");
        h.Emulator.CountOf("RunInstances").Should().BeLessThanOrEqualTo(2, "the first claim is not launched again, at most the second pod gets a node of its own");

        // Ten more passes: a claim the cache shows unlaunched would be launched again by one of them
        // (the provider finds its instance, so no RunInstances, but the launch is recorded again).
        var listings = h.Emulator.CountOf("DescribeInstances");
        await Eventually.HoldsAsync(() => h.Emulator.CountOf("DescribeInstances") >= listings + 10, "ten more passes", context: () => string.Join("\n", h.Logs.Lines));
        h.Logs.Lines.Select(l => LaunchLine().Match(l)).Where(m => m.Success).GroupBy(m => m.Groups["claim"].Value)
            .Should().OnlyContain(g => g.Count() == 1, "each claim is launched once");
    }

    [GeneratedRegex(@"ProvisioningController: NodeClaim (?<claim>\S+): launched ")]
    private static partial Regex LaunchLine();

    [GeneratedRegex(@"Planned (?<pods>\d+) pending pods: (?<inFlight>\d+) onto capacity in flight")]
    private static partial Regex PlanLine();
}
