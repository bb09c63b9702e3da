using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>A replace command whose replacement never becomes a node is abandoned and leaves the old node as it was.</summary>
public sealed class ReplacementScenarioTests
{
    [Theory]
    [InlineData("launch error")]
    [InlineData("registration timeout")]
    public async Task A_failed_replacement_abandons_the_command_and_leaves_the_old_node_untainted(string failure)
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var old = (await h.LaunchNodesForAsync(new TestPod("web-1", "web"))).Single();
        var controller = h.NewController();
        await controller.ReconcileOnceAsync(CancellationToken.None);

        // The pool now wants the other capacity type: the node drifted and must be replaced (its pod fits nowhere else).
        var wanted = old.Labels[WellKnownLabels.CapacityType] == CapacityType.Spot.ToLabelValue() ? CapacityType.OnDemand : CapacityType.Spot;
        h.ChangeNodePools(p => p with
        {
            Requirements = [.. p.Requirements.Where(r => r.Key != WellKnownLabels.CapacityType), NodeSelectorRequirement.In(WellKnownLabels.CapacityType, wanted.ToLabelValue())],
        });
        if (failure == "launch error")
        {
            h.Emulator.Faults = new EcsEmulatorFaults { StockOutRate = 1 };
        }

        // A launch error: the provisioner drops the claim at once. A registration timeout: the
        // instance runs but never joins as a node; the fake clock runs past ReplacementTimeout.
        var awaited = new HashSet<string>(StringComparer.Ordinal);
        await using (h.StartProvisioner(joinNodes: false))
        {
            var step = failure == "launch error" ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(1);
            await h.PassUntilAsync(controller, () => Task.FromResult(h.Metrics.Count("abandoned:") > 0), "the replace command abandoned", step: step, afterPass: async () =>
            {
                var node = (await h.ListNodesAsync()).Single(n => n.Metadata.Name == old.NodeName);
                DisruptionSnapshotBuilder.IsTainted(node).Should().BeFalse("the old node is not touched before its replacement is initialized");
                (await h.ReadPodAsync("web-1"))!.Metadata.DeletionTimestamp.Should().BeNull();
                if ((await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.TryGetValue(DisruptionAnnotations.AwaitingReplacements, out var names))
                {
                    awaited.UnionWith(names.Split(','));
                }
            });

            awaited.Should().NotBeEmpty("the old claim named the replacement it waited for");
            h.Metrics.Reported.Should().Contain(failure == "launch error" ? "abandoned:replacement_failed" : "abandoned:replacement_timeout");
            h.Metrics.Reported.Should().Contain("action:drifted:replace:1");
            (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.Should().NotContainKey(DisruptionAnnotations.AwaitingReplacements, "the command is forgotten");
            (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Should().Contain(e => e.InvolvedObject.Name == old.Name && e.Reason == "DisruptionAbandoned");
            DisruptionSnapshotBuilder.IsTainted((await h.ListNodesAsync()).Single(n => n.Metadata.Name == old.NodeName)).Should().BeFalse();
            (await h.ReadPodAsync("web-1"))!.Status.Phase.Should().Be("Running");

            // Nothing of the failed replacement stays behind (a timed-out one had an instance: it is released).
            await h.PassUntilAsync(controller, async () =>
                (await h.ListClaimsAsync()).All(c => !awaited.Contains(c.Name)) && h.Emulator.ListInstances().All(i => !awaited.Contains(i.Tags["karpenter.sh/nodeclaim"])),
                "the failed replacement released", step: TimeSpan.FromSeconds(1));
        }

        h.Emulator.ListInstances().Should().Contain(i => i.Tags["karpenter.sh/nodeclaim"] == old.Name, "the old node's instance is kept");
    }
}
