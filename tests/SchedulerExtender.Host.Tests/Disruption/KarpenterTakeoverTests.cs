using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// schedext's provisioner started in a cluster Karpenter's Alibaba Cloud provider ran: its claims,
/// nodes and instances (<see cref="KarpenterLeftovers"/>) are left alone, explicitly — schedext
/// cannot attribute those instances to a claim it launched, so it never releases one, never
/// deletes the claim or its Node, never drains, consolidates or re-stamps them.
/// </summary>
public sealed class KarpenterTakeoverTests
{
    private const string AdoptedClaim = "ecsnodepool-kp001";
    private const string DeletingClaim = "ecsnodepool-kp002";

    [Fact]
    public async Task Karpenters_claim_node_and_instances_survive_the_provisioner_and_hours_of_disruption_passes()
    {
        await using var h = await DisruptionHarness.StartAsync();
        await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"));
        var like = h.Emulator.ListInstances().Single();
        var adopted = await KarpenterLeftovers.LaunchInstanceAsync(h, like, AdoptedClaim);
        var stray = await KarpenterLeftovers.LaunchInstanceAsync(h, like, nodeClaim: null);
        var node = await KarpenterLeftovers.AdoptedNodeAsync(h, adopted, AdoptedClaim);
        // A node Karpenter was terminating when it stopped: tainted karpenter.sh/disrupted (the taint
        // our drain also keys on), its claim deleted and held by the finalizer, a pod still on it.
        // The finalizer is Karpenter's to remove (it releases the instance first); ours would drain
        // the node and remove it without releasing an instance it cannot attribute.
        var deletingInstance = await KarpenterLeftovers.LaunchInstanceAsync(h, like, DeletingClaim);
        var deletingNode = await KarpenterLeftovers.AdoptedNodeAsync(h, deletingInstance, DeletingClaim);
        await h.AddRunningPodAsync(new TestPod("spark-pi-exec-2", "executor", Cpu: "500m"), deletingNode);
        await h.Client.CoreV1.PatchNodeAsync(NodeClaimStore.MergePatch(new JsonObject
        {
            ["spec"] = new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "karpenter.sh/disrupted", ["effect"] = "NoSchedule" }) },
        }), deletingNode);
        await h.Claims.DeleteAsync(DeletingClaim, CancellationToken.None);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.Nodes.Items.Values.Any(n => n.Metadata.Name == deletingNode && n.Spec?.Taints?.Count == 1)), "the node cache sees the taint");
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.ClaimCache.Claims.Any(c => c.Name == DeletingClaim && c.Deleting)), "the cache sees the claim deleting");
        // One small executor on a node of its own: consolidation would want the node, were it ours.
        await h.AddRunningPodAsync(new TestPod("spark-pi-exec-1", "executor", Cpu: "500m"), node);
        var before = (await h.ListClaimsAsync()).Single(c => c.Name == AdoptedClaim);
        var controller = h.NewController();

        await using (h.StartProvisioner(joinNodes: false))
        {
            // Both loops have looked at the claim (each logs it once), then hours of disruption passes
            // on the fake clock: orphan grace (2 min), consolidateAfter (30 s) and validation all pass.
            await h.PassUntilAsync(controller, () => Task.FromResult(h.Logs.Lines.Count(l => l.Contains("not launched by schedext", StringComparison.Ordinal)) >= 4),
                "the provisioner and the disruption controller found both claims unmanaged");
            for (var pass = 0; pass < 36; pass++)
            {
                h.Clock.Advance(TimeSpan.FromMinutes(5));
                await controller.ReconcileOnceAsync(CancellationToken.None);
            }
        }

        var after = (await h.ListClaimsAsync()).Should().ContainSingle(c => c.Name == AdoptedClaim, "a claim whose instance exists is never taken for one whose instance is gone").Subject;
        after.Deleting.Should().BeFalse();
        after.Finalizers.Should().Equal(NodeClaimResource.TerminationFinalizer);
        after.Annotations.Should().Equal(before.Annotations, "Karpenter's hashes are not re-stamped: the claim is not ours to judge");
        after.Conditions.Should().BeEquivalentTo(before.Conditions);
        var karpenterNode = (await h.ListNodesAsync()).Should().ContainSingle(n => n.Metadata.Name == node).Subject;
        karpenterNode.Spec.Taints.Should().BeNullOrEmpty("the node is never drained");
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().Contain([adopted.InstanceId, stray.InstanceId, deletingInstance.InstanceId], "no instance without our tags is ever released");
        var deleting = (await h.ListClaimsAsync()).Should().ContainSingle(c => c.Name == DeletingClaim, "its finalizer stays for Karpenter").Subject;
        deleting.Finalizers.Should().Equal(NodeClaimResource.TerminationFinalizer);
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().Contain(deletingNode);
        var onTaintedNode = await h.ReadPodAsync("spark-pi-exec-2");
        onTaintedNode!.Metadata.DeletionTimestamp.Should().BeNull("schedext drains only nodes of its own claims");
        var executor = await h.ReadPodAsync("spark-pi-exec-1");
        executor!.Metadata.DeletionTimestamp.Should().BeNull();
        executor.Status.Phase.Should().Be("Running");
        h.Metrics.Reported.Should().NotContain(r => r.StartsWith("orphan:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_instance_with_Karpenters_tags_and_no_claim_survives_orphan_collection_while_ours_is_collected()
    {
        await using var h = await DisruptionHarness.StartAsync();
        var ours = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        var like = h.Emulator.ListInstances().Single();
        // Karpenter's instance names a claim that does not exist (Karpenter's own GC would take it; ours must not) …
        var karpenters = await KarpenterLeftovers.LaunchInstanceAsync(h, like, "ecsnodepool-gone1");
        // … and ours loses its claim: a true orphan.
        await h.Claims.RemoveFinalizerAsync(ours, CancellationToken.None);
        await h.Claims.DeleteAsync(ours.Name, CancellationToken.None);
        var controller = h.NewController();

        await h.PassUntilAsync(controller, () => Task.FromResult(h.Emulator.ListInstances().All(i => i.InstanceId != like.InstanceId)), "our orphan collected", step: TimeSpan.FromMinutes(1));
        for (var pass = 0; pass < 10; pass++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(10));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        h.Emulator.ListInstances().Should().ContainSingle().Which.InstanceId.Should().Be(karpenters.InstanceId);
        karpenters.Tags.Should().NotContainKey(InstanceTags.ManagedBy).And.ContainKey(InstanceTags.NodeClaim);
        h.Metrics.Reported.Count(r => r == "orphan:instance").Should().Be(1);
    }
}
