using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// A replace command whose replacement never becomes a node is abandoned and leaves the old node as
/// it was, and the node is not replaced again before <c>DisruptionOptions.AbandonedReplaceBackoff</c>,
/// twice that after a second abandon.
/// </summary>
public sealed class ReplacementScenarioTests
{
    [Theory]
    [InlineData("launch error")]
    [InlineData("registration timeout")]
    public async Task A_failed_replacement_abandons_the_command_leaves_the_old_node_untainted_and_backs_off(string failure)
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
            var abandonedAt = DisruptionAnnotations.TimeOf((await h.ListClaimsAsync()).Single(c => c.Name == old.Name), DisruptionAnnotations.ReplaceAbandonedAt);
            abandonedAt.Should().NotBeNull("the abandon is recorded on the old claim for the back-off");
            (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.Should().Contain(DisruptionAnnotations.ReplaceAbandons, "1");
            abandonedAt!.Value.Should().BeOnOrBefore(h.Clock.GetUtcNow()).And.BeAfter(h.Clock.GetUtcNow() - TimeSpan.FromMinutes(5), "it is the controller's time of the abandon");

            // Nothing of the failed replacement stays behind (a timed-out one had an instance: it is released).
            await h.PassUntilAsync(controller, async () =>
                (await h.ListClaimsAsync()).All(c => !awaited.Contains(c.Name)) && h.Emulator.ListInstances().All(i => !awaited.Contains(i.Tags["karpenter.sh/nodeclaim"])),
                "the failed replacement released", step: TimeSpan.FromSeconds(1));

            // Within the back-off the drifted node is not replaced again, however many passes run,
            // by a restarted controller too (nothing in memory: the back-off is read from the claim).
            var blockedBefore = (await BlockedEventsAsync(h, old.Name)).Count;
            controller = h.NewController();
            var backoff = DisruptionOptions.Default.AbandonedReplaceBackoff;
            var replacesSoFar = h.Metrics.Count("action:");
            while (h.Clock.GetUtcNow() + TimeSpan.FromMinutes(1) < abandonedAt.Value + backoff)
            {
                h.Clock.Advance(TimeSpan.FromMinutes(1));
                await controller.ReconcileOnceAsync(CancellationToken.None);
                h.Metrics.Count("action:").Should().Be(replacesSoFar, "no command is started within the back-off");
                (await h.ListClaimsAsync()).Should().NotContain(c => c.Name != old.Name && !awaited.Contains(c.Name), "no new replacement claim is launched within the back-off");
                (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.Should().NotContainKey(DisruptionAnnotations.AwaitingReplacements);
            }

            // Operators see why: the restarted controller (nothing remembered) records one
            // DisruptionBlocked Event for all those passes — the explanation's "abandoned Nm ago"
            // changes every pass, the reason does not, and they all fall within BlockedEventInterval.
            var blocked = (await BlockedEventsAsync(h, old.Name)).Skip(blockedBefore).ToList();
            blocked.Should().ContainSingle("the node stayed blocked for the same reason within BlockedEventInterval")
                .Which.Message.Should().StartWith("drifted but not disrupted: ").And.Contain("abandoned");

            // Past it, the same replace is planned again (and launches a new replacement claim).
            await h.PassUntilAsync(controller, () => Task.FromResult(h.Metrics.Count("action:drifted:replace") > replacesSoFar), "the replace planned again after the back-off", step: TimeSpan.FromSeconds(30));
            h.Clock.GetUtcNow().Should().BeOnOrAfter(abandonedAt.Value + backoff);
            (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.Should().ContainKey(DisruptionAnnotations.AwaitingReplacements, "a new replacement is awaited");

            // The cause lasts: the second abandon doubles the back-off.
            await h.PassUntilAsync(controller, async () =>
                (await h.ListClaimsAsync()).Single(c => c.Name == old.Name).Annotations.GetValueOrDefault(DisruptionAnnotations.ReplaceAbandons) == "2", "the second replace abandoned", step: step);
            var secondAt = DisruptionAnnotations.TimeOf((await h.ListClaimsAsync()).Single(c => c.Name == old.Name), DisruptionAnnotations.ReplaceAbandonedAt)!.Value;
            replacesSoFar = h.Metrics.Count("action:");
            while (h.Clock.GetUtcNow() + TimeSpan.FromMinutes(1) < secondAt + (2 * backoff))
            {
                h.Clock.Advance(TimeSpan.FromMinutes(1));
                await controller.ReconcileOnceAsync(CancellationToken.None);
                h.Metrics.Count("action:").Should().Be(replacesSoFar, "no command is started within the doubled back-off");
            }

            await h.PassUntilAsync(controller, () => Task.FromResult(h.Metrics.Count("action:drifted:replace") > replacesSoFar), "the replace planned again after the doubled back-off", step: TimeSpan.FromSeconds(30));
            h.Clock.GetUtcNow().Should().BeOnOrAfter(secondAt + (2 * backoff));
        }

        h.Emulator.ListInstances().Should().Contain(i => i.Tags["karpenter.sh/nodeclaim"] == old.Name, "the old node's instance is kept");
    }

    private static async Task<List<k8s.Models.Corev1Event>> BlockedEventsAsync(DisruptionHarness h, string claim) =>
        [.. (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Where(e => e.InvolvedObject.Name == claim && e.Reason == "DisruptionBlocked")
            .OrderBy(e => e.FirstTimestamp)];
}
