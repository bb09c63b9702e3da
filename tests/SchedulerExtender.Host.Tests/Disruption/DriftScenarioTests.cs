using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class DriftScenarioTests
{
    [Fact]
    public async Task A_node_the_changed_nodepool_no_longer_allows_is_replaced_and_terminated()
    {
        // consolidateAfter Never: no consolidation method may take the node; only drift can.
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var old = (await h.LaunchNodesForAsync(new TestPod("web-1", "web"))).Single();
        old.Annotations.Should().ContainKey(NodeClaimResource.PoolHashAnnotation).And.ContainKey(NodeClaimResource.NodeClassHashAnnotation);
        var controller = h.NewController();
        for (var pass = 0; pass < 6; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty("the node matches its unchanged pool");

        // The user narrows the pool to the other capacity type: the running node no longer matches it.
        var now = old.Labels[WellKnownLabels.CapacityType] == CapacityType.Spot.ToLabelValue() ? CapacityType.OnDemand : CapacityType.Spot;
        h.ChangeNodePools(p => p with
        {
            Requirements = [.. p.Requirements.Where(r => r.Key != WellKnownLabels.CapacityType), NodeSelectorRequirement.In(WellKnownLabels.CapacityType, now.ToLabelValue())],
        });
        await using (h.StartProvisioner())
        {
            // The replacement is launched first; the drifted node is not touched until it is initialized.
            await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements),
                "the replace command waiting for its replacement", afterPass: () => NotTaintedBeforeTheReplacementIsInitializedAsync(h, old));

            // The controller restarts while it waits: the claims remember what it waited for.
            var restarted = h.NewController();
            await h.PassUntilAsync(restarted, async () => (await h.ListClaimsAsync()).All(c => c.Name != old.Name), "the drifted node terminated", afterPass: async () =>
            {
                await NotTaintedBeforeTheReplacementIsInitializedAsync(h, old);
                await h.FinishTerminatingPodsAsync();
            });
        }

        var replacement = (await h.ListClaimsAsync()).Should().ContainSingle("a replacement is made for the node's pod").Subject;
        replacement.Spec.CapacityTypes.Should().Equal(now);
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotContain(old.NodeName);
        h.Emulator.ListInstances().Select(i => i.Tags["karpenter.sh/nodeclaim"]).Should().NotContain(old.Name, "the drifted instance is released");
        h.Metrics.Reported.Should().Contain(r => r.StartsWith("action:drifted", StringComparison.Ordinal));
        replacement.Annotations.Should().Contain(DisruptionAnnotations.ReplacementFor, old.Name);
        replacement.IsTrue(NodeClaimCondition.Initialized).Should().BeTrue();
    }

    [Fact]
    public async Task A_claim_hashed_by_another_version_is_restamped_not_replaced_and_drifts_again_once_its_pool_changes()
    {
        // consolidateAfter Never: no consolidation method may take the node; only drift can.
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var old = (await h.LaunchNodesForAsync(new TestPod("web-1", "web"))).Single();
        // As a claim launched by an older schedext that hashed differently: other hashes, the pool's
        // stamped by version v0, the node class's from before versions were stamped.
        await h.Claims.PatchAnnotationsAsync(old.Name, new Dictionary<string, string?>
        {
            [NodeClaimResource.PoolHashAnnotation] = "0123456789abcdef",
            [NodeClaimResource.PoolHashVersionAnnotation] = "v0",
            [NodeClaimResource.NodeClassHashAnnotation] = "fedcba9876543210",
            [NodeClaimResource.NodeClassHashVersionAnnotation] = null,
        }, CancellationToken.None);
        var controller = h.NewController();
        for (var pass = 0; pass < 6; pass++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        var claim = (await h.ListClaimsAsync()).Should().ContainSingle("no replacement is launched for a hash of another version").Subject;
        claim.Name.Should().Be(old.Name);
        claim.Annotations.Should().NotContainKey(DisruptionAnnotations.AwaitingReplacements)
            .And.Contain(NodeClaimResource.PoolHashAnnotation, old.Annotations[NodeClaimResource.PoolHashAnnotation], "re-stamped with the pool's hash now")
            .And.Contain(NodeClaimResource.PoolHashVersionAnnotation, NodeDrift.PoolHashVersion)
            .And.Contain(NodeClaimResource.NodeClassHashAnnotation, old.Annotations[NodeClaimResource.NodeClassHashAnnotation])
            .And.Contain(NodeClaimResource.NodeClassHashVersionAnnotation, NodeDrift.NodeClassHashVersion);
        (await h.ListNodesAsync()).Should().ContainSingle().Which.Spec.Taints.Should().BeNullOrEmpty();
        h.Logs.Lines.Count(l => l.Contains(old.Name, StringComparison.Ordinal) && l.Contains("stamped again", StringComparison.Ordinal))
            .Should().Be(1, "the claim is re-stamped once; the next passes find it current");

        // The re-stamped hash is of the current version: a change to the pool's template now drifts the node.
        h.ChangeNodePools(p => p with { Labels = new Dictionary<string, string>(p.Labels) { ["team"] = "data" } });
        await using (h.StartProvisioner())
        {
            await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements),
                "the drifted node's replace command waiting for its replacement");
        }

        h.Metrics.Reported.Should().Contain(r => r.StartsWith("action:drifted", StringComparison.Ordinal));
    }

    private static async Task NotTaintedBeforeTheReplacementIsInitializedAsync(DisruptionHarness h, NodeClaimResource old)
    {
        var claims = await h.ListClaimsAsync();
        var node = (await h.ListNodesAsync()).FirstOrDefault(n => n.Metadata.Name == old.NodeName);
        if (node is not null && DisruptionSnapshotBuilder.IsTainted(node))
        {
            claims.Where(c => c.Name != old.Name && !c.Deleting).Should().ContainSingle()
                .Which.IsTrue(NodeClaimCondition.Initialized).Should().BeTrue("the drifted node is tainted only once its replacement is initialized");
        }
    }
}
