using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>What <c>kubectl describe pod</c> shows from the provisioner: Nominated and FailedScheduling events, once per change, not once per batch.</summary>
public sealed class PodEventScenarioTests
{
    private static async Task<List<Corev1Event>> PodEventsAsync(ProvisionerHarness h, string pod) =>
        [.. (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Where(e => e.InvolvedObject.Kind == "Pod" && e.InvolvedObject.Name == pod && e.Source?.Component == "schedext-provisioner")];

    private static async Task<Corev1Event> EventAsync(ProvisionerHarness h, string pod, string reason)
    {
        Corev1Event? found = null;
        await Eventually.HoldsAsync(
            async () => (found = (await PodEventsAsync(h, pod)).FirstOrDefault(e => e.Reason == reason)) is not null,
            $"a {reason} event on {pod}", TimeSpan.FromSeconds(60), () => string.Join("\n", h.Logs.Lines));
        return found!;
    }

    private static int PlansRefusing(ProvisionerHarness h, string pod) =>
        h.Logs.Lines.Count(l => l.Contains($"Pod default/{pod} fits no node pool", StringComparison.Ordinal));

    [Fact]
    public async Task A_pod_no_pool_fits_is_told_why_once_across_batches_and_planned_pods_are_told_their_claim_once()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await UnschedulablePods.CreateAsync(h.Client, "huge", cpu: "1000", memory: "4000Gi");
        await UnschedulablePods.CreateAsync(h.Client, "exec-1", cpu: "1");
        // Preempting: kube-scheduler will run it on an existing node; not the provisioner's business.
        await UnschedulablePods.CreateAsync(h.Client, "preempting", cpu: "1");
        await h.Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["nominatedNodeName"] = "node-a" } }), "preempting", "default");

        h.StartProvisioner();
        var nominated = await EventAsync(h, "exec-1", PodEvents.Nominated);
        var claim = (await h.ListClaimsAsync()).Should().ContainSingle().Subject;
        nominated.Type.Should().Be("Normal");
        nominated.Message.Should().Contain($"NodeClaim {claim.Name} ").And.Contain("nodepool ecsnodepool").And.Contain(claim.Spec.InstanceTypes[0]);
        nominated.InvolvedObject.Uid.Should().Be((await h.Client.CoreV1.ReadNamespacedPodAsync("exec-1", "default")).Metadata.Uid);

        // Each arrival plans every pending pod again: huge is refused, and exec-1 planned onto its
        // claim in flight (the only one: the arrivals fit nowhere either), at every batch.
        for (var i = 2; i <= 3; i++)
        {
            await UnschedulablePods.CreateAsync(h.Client, $"huge-{i}", cpu: "1000", memory: "4000Gi");
            await EventAsync(h, $"huge-{i}", PodEvents.FailedScheduling);
        }

        PlansRefusing(h, "huge").Should().BeGreaterThanOrEqualTo(3, "three batches planned the pending pods");
        var failed = (await PodEventsAsync(h, "huge")).Should().ContainSingle("the reason did not change between batches").Subject;
        failed.Type.Should().Be("Warning");
        failed.Reason.Should().Be(PodEvents.FailedScheduling);
        failed.Message.Should().StartWith("No node can be launched for this pod: ").And.Contain("nodepool ecsnodepool: no instance type has room");
        (await h.ListClaimsAsync()).Should().ContainSingle();
        (await PodEventsAsync(h, "exec-1")).Select(e => e.Message).Should().ContainSingle("planned again onto the claim made for it, it is not told again");
        (await PodEventsAsync(h, "preempting")).Should().BeEmpty();
    }
}
