using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// The NodeClaims of one batch, and claims a restarted provisioner finds unlaunched, are launched
/// side by side but never more than <see cref="ProvisionerSettings.MaxParallelLaunches"/> at once,
/// each failure stays with its claim, and no claim gets two instances.
/// </summary>
public sealed class ParallelLaunchTests
{
    private const int Claims = 6;
    private const int Bound = 3;

    [Fact]
    public async Task A_batch_of_six_claims_is_launched_three_at_a_time_with_one_instance_each()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSixOneNodeExecutorsAsync(h);
        var gate = new GatedCloudProvider(h.Cloud, openAt: Bound);

        h.StartProvisioner(cloud: gate, maxParallelLaunches: Bound);
        await h.EventuallyAsync(c => c.Count == Claims && c.All(x => x.ProviderId != null), "six claims launched");

        gate.MaxInFlight.Should().Be(Bound, "the claims of one batch launch side by side, never more than the bound at once");
        await ShouldHaveOneInstancePerClaimAsync(h);
        h.Emulator.CountOf("RunInstances").Should().Be(Claims);
    }

    [Fact]
    public async Task A_failed_launch_and_a_stock_out_stay_with_their_claims_while_the_others_launch()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSixOneNodeExecutorsAsync(h);
        var sync = new Lock();
        string? outOfStock = null;
        string? failingOnce = null;
        var failed = false;
        var reported = new HashSet<OfferingKey>();
        Exception? Fail(LaunchRequest request)
        {
            lock (sync)
            {
                // The first claim through the gate finds no stock for its first candidate, whatever the capacity type.
                outOfStock ??= request.NodeClaim;
                if (request.NodeClaim == outOfStock)
                {
                    var first = request.Candidates[0];
                    var offerings = first.Offerings.Where(o => o.CapacityType == request.CapacityType)
                        .Select(o => new OfferingKey(first.Name, o.Zone, o.CapacityType)).ToList();
                    reported.UnionWith(offerings);
                    return new InsufficientCapacityException(offerings, "test: no stock");
                }

                // The next one fails once with an error the cloud gives no type to.
                failingOnce ??= request.NodeClaim;
                if (request.NodeClaim == failingOnce && !failed)
                {
                    failed = true;
                    return new InvalidOperationException("test: ECS answered with nonsense");
                }

                return null;
            }
        }

        var gate = new GatedCloudProvider(h.Cloud, openAt: Bound, Fail);
        h.StartProvisioner(cloud: gate, maxParallelLaunches: Bound);
        await h.EventuallyAsync(
            c => c.Count == Claims && c.All(x => x.ProviderId != null) && gate.Claims.Count > Claims,
            "the stocked-out claim replaced and every claim launched");

        // A pass launches all its claims before the next pass plans again: the first six are the batch.
        var batch = gate.Claims.Take(Claims).ToList();
        var replacement = gate.Claims.Skip(Claims).Should().ContainSingle().Subject;
        var claims = await h.ListClaimsAsync();
        claims.Select(c => c.Name).Should().BeEquivalentTo(batch.Where(n => n != outOfStock).Append(replacement),
            "the failed launch kept its claim and launched on a later pass, the others were not held up, the stocked-out claim was replaced");
        gate.MaxInFlight.Should().BeInRange(2, Bound);

        h.Logs.Lines.Should().NotContain(l => l.Contains("Provisioning pass failed", StringComparison.Ordinal), "a launch's failure is its claim's alone");
        h.Logs.Lines.Should().Contain(l => l.Contains($"NodeClaim {failingOnce}: reconcile failed", StringComparison.Ordinal));
        h.Logs.Lines.Should().Contain(l => l.Contains($"NodeClaim {outOfStock}: no spot stock for", StringComparison.Ordinal));
        (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Should().Contain(e => e.InvolvedObject.Name == outOfStock && e.Type == "Warning" && e.Reason == "InsufficientCapacity");
        var replaced = h.Emulator.ListInstances().Single(i => i.Tags["karpenter.sh/nodeclaim"] == replacement);
        reported.Should().NotContain(new OfferingKey(replaced.InstanceType, replaced.ZoneId, replaced.CapacityType),
            "the stock-out was remembered and the replacement planned without it");
        await ShouldHaveOneInstancePerClaimAsync(h);
    }

    [Fact]
    public async Task Claims_a_restarted_provisioner_finds_unlaunched_are_launched_side_by_side_once_each()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateSixOneNodeExecutorsAsync(h);
        // The first run creates the claims but every launch fails before reaching the cloud.
        h.StartProvisioner(cloud: new GatedCloudProvider(h.Cloud, openAt: 1, _ => new InvalidOperationException("test: ECS unavailable")));
        await h.EventuallyAsync(c => c.Count == Claims, "six claims created");
        await h.StopProvisionersAsync();
        var created = await h.ListClaimsAsync();
        created.Should().OnlyContain(c => c.ProviderId == null);
        h.Emulator.ListInstances().Should().BeEmpty();

        var gate = new GatedCloudProvider(h.Cloud, openAt: Bound);
        h.StartProvisioner(cloud: gate, maxParallelLaunches: Bound);
        await h.EventuallyAsync(c => c.Count == Claims && c.All(x => x.ProviderId != null), "the six claims launched after the restart");

        gate.MaxInFlight.Should().Be(Bound, "claims found unlaunched launch side by side, never more than the bound at once");
        (await h.ListClaimsAsync()).Select(c => c.Name).Should().BeEquivalentTo(created.Select(c => c.Name), "the claims in flight cover the pods: no new ones");
        await ShouldHaveOneInstancePerClaimAsync(h);
        h.Emulator.CountOf("RunInstances").Should().Be(Claims);
    }

    // 40 cores each: two never share a node (the largest types have 64), so the plan is six claims.
    private static async Task CreateSixOneNodeExecutorsAsync(ProvisionerHarness h)
    {
        for (var i = 1; i <= Claims; i++)
        {
            await h.CreatePendingSparkPodAsync($"spark-big-exec-{i}", "executor", app: "spark-big", cpu: 40);
        }

        (await h.PlanAsync(expectedPods: Claims)).NewClaims.Should().HaveCount(Claims);
    }

    private static async Task ShouldHaveOneInstancePerClaimAsync(ProvisionerHarness h)
    {
        var claims = await h.ListClaimsAsync();
        var instances = h.Emulator.LaunchHistory();
        instances.GroupBy(i => i.Tags["karpenter.sh/nodeclaim"]).Should().OnlyContain(g => g.Count() == 1, "no claim is launched twice");
        h.Emulator.ListInstances().Select(i => i.Tags["karpenter.sh/nodeclaim"]).Should().BeEquivalentTo(claims.Select(c => c.Name));
        claims.Should().OnlyContain(c => c.ProviderId == $"cn-shenzhen.{instances.Single(i => i.Tags["karpenter.sh/nodeclaim"] == c.Name).InstanceId}");
    }
}
