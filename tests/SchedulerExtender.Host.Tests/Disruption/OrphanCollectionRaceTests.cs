using System.Text.Json;
using k8s;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// The provisioner creates a NodeClaim, then launches its instance; the disruption controller's
/// orphan collection runs meanwhile. An instance must never be taken for an orphan because its
/// claim appeared while the controller was listing the cloud (found by the chaos test: the
/// on-demand node under every running driver was released).
/// </summary>
public sealed class OrphanCollectionRaceTests
{
    [Fact]
    public async Task An_instance_whose_claim_appears_while_the_cloud_is_listed_is_not_an_orphan()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var claim = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        var saved = await ReadClaimAsync(h, claim.Name);
        await h.Claims.RemoveFinalizerAsync(claim, CancellationToken.None);
        await h.Claims.DeleteAsync(claim.Name, CancellationToken.None);
        await DisruptionHarness.EventuallyAsync(async () => (await h.ListClaimsAsync()).Count == 0, "the claim is gone");
        // While the controller lists the cloud, the claim is created (as by a provisioner that then launches).
        var controller = h.NewController(new ListingHook(h.Cloud, () => h.Claims.CreateAsync(saved, CancellationToken.None)));

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await controller.ReconcileOnceAsync(CancellationToken.None);

        h.Emulator.ListInstances().Should().ContainSingle(i => i.Tags[InstanceTags.NodeClaim] == claim.Name, "its claim exists when the claims are listed");
        h.Metrics.Reported.Should().NotContain("orphan:instance");
    }

    // The claim as the API holds it, reduced to what a create takes.
    private static async Task<JsonObject> ReadClaimAsync(DisruptionHarness h, string name)
    {
        var raw = await h.Client.CustomObjects.GetClusterCustomObjectAsync(NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name);
        var claim = JsonNode.Parse(JsonSerializer.Serialize(raw))!.AsObject();
        var metadata = claim["metadata"]!.AsObject();
        foreach (var generated in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields" })
        {
            metadata.Remove(generated);
        }

        claim.Remove("status");
        return claim;
    }

    /// <summary>The cloud, with something happening once while its instances are listed.</summary>
    private sealed class ListingHook(ICloudProvider inner, Func<Task> duringList) : ICloudProvider
    {
        private Func<Task>? _pending = duringList;

        public async Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken)
        {
            var instances = await inner.ListAsync(cancellationToken);
            if (Interlocked.Exchange(ref _pending, null) is { } action)
            {
                await action();
            }

            return instances;
        }

        public Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

        public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) => inner.DeleteAsync(instanceId, cancellationToken);

        public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken) => inner.GetAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => inner.GetInstanceTypesAsync(cancellationToken);
    }
}
