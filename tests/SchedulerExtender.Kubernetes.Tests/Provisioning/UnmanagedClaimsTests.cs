using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

/// <summary>
/// Which claims the provisioner and the disruption controller must not act on: those whose
/// instance exists but was not launched by schedext (Karpenter's), decided by one lookup per
/// providerID; and, for one pass, those whose lookup gave no clear "gone".
/// </summary>
public sealed class UnmanagedClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static NodeClaimResource Claim(string name, string? providerId, DateTimeOffset? launchedAt = null, bool deleting = false) => new(
        name, Now.AddDays(-2), deleting, [NodeClaimResource.TerminationFinalizer], new Dictionary<string, string>(),
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"),
        new NodeClaimSpec("default", [], [], [], ResourceAmounts.Zero), [], [], providerId, null, null, null,
        [new NodeClaimCondition(NodeClaimCondition.Launched, "True", "Launched", "", launchedAt ?? Now.AddDays(-2))]);

    private static CloudInstance Instance(string id, params (string Key, string Value)[] tags) => new(
        id, $"cn-shenzhen.{id}", "ecs.g7.xlarge", "cn-shenzhen-a", CapacityType.OnDemand, CloudInstanceState.Running,
        tags.ToDictionary(t => t.Key, t => t.Value), Now.AddDays(-2), ReclaimPending: false);

    private static readonly (string, string)[] KarpenterTags = [("karpenter.sh/managed-by", "karpenter"), (InstanceTags.NodeClaim, "karpenter-1")];

    private static readonly (string, string)[] OurTags = [(InstanceTags.ManagedBy, InstanceTags.ManagedByValue), (InstanceTags.Cluster, "demo"), (InstanceTags.NodeClaim, "ours-late")];

    [Fact]
    public async Task A_claim_whose_instance_lacks_our_tag_is_left_alone_for_good_after_one_lookup()
    {
        var cloud = new LookupCloud { ["i-k1"] = Instance("i-k1", KarpenterTags) };
        var unmanaged = new UnmanagedClaims();
        IReadOnlyList<NodeClaimResource> claims = [Claim("karpenter-1", "cn-shenzhen.i-k1"), Claim("karpenter-2-deleting", "cn-shenzhen.i-k1", deleting: true)];

        (await unmanaged.FindAsync(claims, new Dictionary<string, CloudInstance>(), cloud, Now, CancellationToken.None)).Should().BeEquivalentTo("karpenter-1", "karpenter-2-deleting");
        (await unmanaged.FindAsync(claims, new Dictionary<string, CloudInstance>(), cloud, Now.AddHours(1), CancellationToken.None)).Should().BeEquivalentTo("karpenter-1", "karpenter-2-deleting");

        cloud.Lookups.Should().Equal(["i-k1"], "a providerID never changes: it is asked once");
        unmanaged.Count.Should().Be(1);
    }

    [Fact]
    public async Task Claims_that_are_ours_listed_fresh_or_gone_take_the_usual_path()
    {
        var cloud = new LookupCloud();
        var listed = Instance("i-ours", OurTags);
        IReadOnlyList<NodeClaimResource> claims =
        [
            Claim("ours-listed", "cn-shenzhen.i-ours"),
            Claim("not-launched", null),
            Claim("just-launched", "cn-shenzhen.i-new", launchedAt: Now.AddSeconds(-20)),
            Claim("gone", "cn-shenzhen.i-gone"),
        ];

        var leftAlone = await new UnmanagedClaims().FindAsync(claims, new Dictionary<string, CloudInstance> { ["ours-listed"] = listed }, cloud, Now, CancellationToken.None);

        leftAlone.Should().BeEmpty("a claim whose instance is really gone is terminated as before");
        cloud.Lookups.Should().Equal(["i-gone"], "only a claim about to be taken for gone is looked up");
    }

    [Fact]
    public async Task An_unclear_lookup_holds_the_claim_for_this_pass_only()
    {
        var cloud = new LookupCloud { ["i-late"] = Instance("i-late", OurTags), ["i-slow"] = null };
        var unmanaged = new UnmanagedClaims();
        IReadOnlyList<NodeClaimResource> claims = [Claim("ours-late", "cn-shenzhen.i-late"), Claim("throttled", "cn-shenzhen.i-slow"), Claim("foreign-id", "alibabacloud://i-x")];

        var first = await unmanaged.FindAsync(claims, new Dictionary<string, CloudInstance>(), cloud, Now, CancellationToken.None);
        cloud.Remove("i-late");
        cloud.Remove("i-slow");
        var second = await unmanaged.FindAsync(claims, new Dictionary<string, CloudInstance>(), cloud, Now, CancellationToken.None);

        first.Should().BeEquivalentTo(["ours-late", "throttled", "foreign-id"], "our instance not listed yet, a failed lookup and an unreadable providerID are no proof of 'gone'");
        second.Should().BeEquivalentTo(["foreign-id"], "once the lookups answer 'not found', the claims are gone as usual");
    }

    [Fact]
    public async Task Only_an_instance_a_lookup_found_in_our_region_without_our_tag_is_known_for_retirement()
    {
        var cloud = new LookupCloud { ["i-k1"] = Instance("i-k1", KarpenterTags), ["i-late"] = Instance("i-late", OurTags), ["i-slow"] = null, ["i-far"] = Instance("i-far", KarpenterTags) };
        var unmanaged = new UnmanagedClaims();
        var karpenter = Claim("karpenter-1", "cn-shenzhen.i-k1");
        var oursLate = Claim("ours-late", "cn-shenzhen.i-late");
        var throttled = Claim("throttled", "cn-shenzhen.i-slow");
        var foreignId = Claim("foreign-id", "alibabacloud://i-x");
        // Another region's providerID: whatever our region answers for the id is not its instance.
        var otherRegion = Claim("other-region", "cn-beijing.i-far");
        var notLookedUp = Claim("gone", "cn-shenzhen.i-gone");
        IReadOnlyList<NodeClaimResource> claims = [karpenter, oursLate, throttled, foreignId, otherRegion];

        await unmanaged.FindAsync(claims, new Dictionary<string, CloudInstance>(), cloud, Now, CancellationToken.None);

        unmanaged.TryGetFound(karpenter, out var found).Should().BeTrue();
        found!.InstanceId.Should().Be("i-k1");
        foreach (var claim in new[] { oursLate, throttled, foreignId, otherRegion, notLookedUp })
        {
            unmanaged.TryGetFound(claim, out _).Should().BeFalse(claim.Name);
        }
    }

    /// <summary>GetAsync answers from the table: an instance, null for a failed call, no entry for "not found". Nothing else is used.</summary>
    private sealed class LookupCloud : Dictionary<string, CloudInstance?>, ICloudProvider
    {
        public List<string> Lookups { get; } = [];

        public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken)
        {
            Lookups.Add(instanceId);
            return TryGetValue(instanceId, out var instance)
                ? instance is null ? Task.FromException<CloudInstance>(new HttpRequestException("Throttling.User")) : Task.FromResult(instance)
                : Task.FromException<CloudInstance>(new InstanceNotFoundException(instanceId, "not found"));
        }

        public Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
