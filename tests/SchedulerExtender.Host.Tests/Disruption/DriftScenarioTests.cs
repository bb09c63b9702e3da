using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
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
