using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// After a take-over, the nodes Karpenter launched (<see cref="KarpenterLeftovers"/>) are retired
/// by annotating their NodeClaim <c>schedext.io/retire: "true"</c>: the disruption controller
/// replaces, drains and terminates each as a drifted node of its own, under the pool's budgets,
/// and releases the instance it found by the providerID — once, across restarts; a claim without
/// the annotation stays untouched, and an instance lookup without an answer deletes nothing.
/// </summary>
public sealed class KarpenterRetirementTests
{
    private const string Retired = "ecsnodepool-kp101";
    private const string Kept = "ecsnodepool-kp102";

    [Fact]
    public async Task An_annotated_Karpenter_node_is_replaced_drained_and_terminated_while_an_unannotated_one_stays_untouched()
    {
        // consolidateAfter Never: only drift's path may take a node.
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var ours = (await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"))).Single();
        var like = h.Emulator.ListInstances().Single();
        var retiredInstance = await KarpenterLeftovers.LaunchInstanceAsync(h, like, Retired);
        var keptInstance = await KarpenterLeftovers.LaunchInstanceAsync(h, like, Kept);
        var retiredNode = await KarpenterLeftovers.AdoptedNodeAsync(h, retiredInstance, Retired);
        var keptNode = await KarpenterLeftovers.AdoptedNodeAsync(h, keptInstance, Kept);
        // 3.5 vCPU: more than any node with the driver on it has left, so the pod needs a new node.
        await h.AddRunningPodAsync(new TestPod("web-1", "web", Cpu: "3500m"), retiredNode);
        await h.AddRunningPodAsync(new TestPod("web-2", "web", Cpu: "3500m"), keptNode);
        var keptBefore = (await h.ListClaimsAsync()).Single(c => c.Name == Kept);
        // The annotation on our own claim means nothing: its own lifecycle applies.
        await h.Claims.PatchAnnotationsAsync(ours.Name, new Dictionary<string, string?> { [DisruptionAnnotations.Retire] = "true" }, CancellationToken.None);
        await RetireAsync(h, Retired);
        var controller = h.NewController();

        await using (h.StartProvisioner())
        {
            await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != Retired), "the annotated Karpenter claim terminated", afterPass: async () =>
            {
                await NotTaintedBeforeItsReplacementIsInitializedAsync(h, retiredNode);
                await UntouchedAsync(h, keptNode, Kept);
                await h.FinishTerminatingPodsAsync();
            });
        }

        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(retiredInstance.InstanceId, "the instance Karpenter launched is released")
            .And.Contain([keptInstance.InstanceId, like.InstanceId]);
        var nodes = (await h.ListNodesAsync()).Select(n => n.Metadata.Name).ToList();
        nodes.Should().NotContain(retiredNode).And.Contain([keptNode, ours.NodeName!]);
        var claims = await h.ListClaimsAsync();
        var replacement = claims.Should().ContainSingle(c => c.Annotations.ContainsKey(DisruptionAnnotations.ReplacementFor), "the pod needed a new node").Subject;
        replacement.Annotations[DisruptionAnnotations.ReplacementFor].Should().Be(Retired);
        replacement.IsTrue(NodeClaimCondition.Initialized).Should().BeTrue();
        (await h.ReadPodAsync("web-1")).Should().BeNull("the pod was evicted through the Eviction API and its termination finished");
        claims.Should().Contain(c => c.Name == ours.Name && !c.Deleting, "the annotation is ignored on a claim schedext launched");
        (await h.ListNodesAsync()).Single(n => n.Metadata.Name == ours.NodeName).Spec.Taints.Should().BeNullOrEmpty();
        var kept = claims.Single(c => c.Name == Kept);
        kept.Annotations.Should().Equal(keptBefore.Annotations);
        kept.Finalizers.Should().Equal(NodeClaimResource.TerminationFinalizer);
        (await h.ReadPodAsync("web-2"))!.Metadata.DeletionTimestamp.Should().BeNull();
        h.Metrics.Reported.Should().Contain("action:retired:replace:1").And.ContainSingle(r => r.StartsWith("action:", StringComparison.Ordinal));
        var events = (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == Retired).ToList();
        events.Should().Contain(e => e.Reason == "Disrupting" && e.Message.Contains("retired", StringComparison.Ordinal) && e.Message.Contains("schedext did not launch", StringComparison.Ordinal));
        events.Should().Contain(e => e.Reason == "Terminated" && e.Message.Contains(retiredInstance.InstanceId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_annotated_Karpenter_nodes_are_retired_one_at_a_time_under_a_budget_of_one()
    {
        await using var h = await DisruptionHarness.StartAsync(budget: "1", consolidateAfter: "Never");
        await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"));
        var like = h.Emulator.ListInstances().Single();
        var names = new[] { "ecsnodepool-kp201", "ecsnodepool-kp202", "ecsnodepool-kp203" };
        var karpenterNodes = new List<string>();
        var instances = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var instance = await KarpenterLeftovers.LaunchInstanceAsync(h, like, names[i]);
            var node = await KarpenterLeftovers.AdoptedNodeAsync(h, instance, names[i]);
            await h.AddRunningPodAsync(new TestPod($"web-{i}", "web", Cpu: "500m"), node);
            karpenterNodes.Add(node);
            instances.Add(instance.InstanceId);
            await RetireAsync(h, names[i]);
        }

        var controller = h.NewController();
        var mostAtOnce = 0;
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => !names.Contains(c.Name)), "every annotated Karpenter claim terminated", afterPass: async () =>
        {
            var claims = await h.ListClaimsAsync();
            var tainted = (await h.ListNodesAsync()).Where(DisruptionSnapshotBuilder.IsTainted).Select(n => n.Metadata.Name).ToHashSet();
            var going = claims.Count(c => names.Contains(c.Name) && (c.Deleting || c.Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements) || tainted.Contains(c.NodeName!)));
            mostAtOnce = Math.Max(mostAtOnce, going);
            going.Should().BeLessThanOrEqualTo(1, "the pool's budget allows one disruption at a time");
            await h.FinishTerminatingPodsAsync();
        });

        mostAtOnce.Should().Be(1);
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotIntersectWith(instances);
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotIntersectWith(karpenterNodes);
        h.Metrics.Reported.Count(r => r.StartsWith("action:retired:", StringComparison.Ordinal)).Should().Be(3);
        h.Logs.Lines.Should().Contain(l => l.Contains("retired but not disrupted", StringComparison.Ordinal) && l.Contains("budget", StringComparison.Ordinal),
            "a node held back by the budget says so");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retirement_interrupted_by_restarts_and_a_crash_after_the_release_resumes_and_releases_the_instance_once(bool restartAfterTheCrash)
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var (instance, node) = await KarpenterNodeRunningWebAsync(h);
        await RetireAsync(h, Retired);
        var cloud = new RetirementCloud(h.Cloud);

        // The first process starts the drain and dies.
        await h.PassUntilAsync(h.NewController(cloud), async () => (await h.ReadPodAsync("web-1"))?.Metadata.DeletionTimestamp is not null, "the drain started");
        (await h.ListNodesAsync()).Single(n => n.Metadata.Name == node).Should().Match<k8s.Models.V1Node>(n => DisruptionSnapshotBuilder.IsTainted(n));
        await h.FinishTerminatingPodsAsync();

        // The second resumes the drain and stops (shutdown, leadership lost) right after the
        // instance is released: the Node and the finalizer are left.
        using var stop = new CancellationTokenSource();
        cloud.StopAfterDeleting(instance.InstanceId, stop);
        var second = h.NewController(cloud);
        for (var pass = 0; !stop.IsCancellationRequested; pass++)
        {
            pass.Should().BeLessThan(300, "the drain ends and the instance is released");
            h.Clock.Advance(TimeSpan.FromSeconds(5));
            try
            {
                await second.ReconcileOnceAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            await Task.Delay(20); // lets the watch caches catch up with what the pass wrote
        }

        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(instance.InstanceId);
        (await h.ListClaimsAsync()).Should().ContainSingle(c => c.Name == Retired).Which.Deleting.Should().BeTrue();
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().Contain(node, "the pass stopped before the Node was deleted");

        var last = restartAfterTheCrash ? h.NewController(cloud) : second;
        await h.PassUntilAsync(last, async () => (await h.ListClaimsAsync()).All(c => c.Name != Retired), "the retirement finished");
        for (var pass = 0; pass < 5; pass++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            await last.ReconcileOnceAsync(CancellationToken.None);
        }

        cloud.Deletes.Where(id => id == instance.InstanceId).Should().ContainSingle("an instance is released once, whatever restarts and retries");
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotContain(node);
        h.Metrics.Reported.Should().ContainSingle(r => r == "action:retired:delete:1");
    }

    [Fact]
    public async Task No_retirement_while_the_instance_lookup_gets_no_answer()
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var (instance, node) = await KarpenterNodeRunningWebAsync(h);
        await RetireAsync(h, Retired);
        var claimsBefore = (await h.ListClaimsAsync()).Select(c => c.Name).ToList();
        var cloud = new RetirementCloud(h.Cloud) { FailLookups = true };
        var controller = h.NewController(cloud);

        for (var pass = 0; pass < 30; pass++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            await controller.ReconcileOnceAsync(CancellationToken.None);
            await UntouchedAsync(h, node, Retired);
        }

        cloud.Lookups.Should().BeGreaterThan(1, "the lookup is asked again each pass it gets no answer");
        cloud.Deletes.Should().BeEmpty();
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().Contain(instance.InstanceId);
        (await h.ListClaimsAsync()).Select(c => c.Name).Should().BeEquivalentTo(claimsBefore, "no replacement is launched either");
        (await h.ReadPodAsync("web-1"))!.Metadata.DeletionTimestamp.Should().BeNull();

        // Once the lookup answers, the retirement goes ahead.
        cloud.FailLookups = false;
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != Retired), "the retirement once the lookup answers", afterPass: h.FinishTerminatingPodsAsync);
        cloud.Deletes.Should().Equal(instance.InstanceId);
    }

    [Fact]
    public async Task A_Karpenter_node_caught_mid_termination_is_left_alone_until_annotated_then_drained_before_its_instance_goes()
    {
        await using var h = await DisruptionHarness.StartAsync(consolidateAfter: "Never");
        var (instance, node) = await KarpenterNodeRunningWebAsync(h);
        // Karpenter was terminating it when it stopped: tainted, claim deleting, a pod still there.
        await h.Client.CoreV1.PatchNodeAsync(NodeClaimStore.MergePatch(new JsonObject
        {
            ["spec"] = new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "karpenter.sh/disrupted", ["effect"] = "NoSchedule" }) },
        }), node);
        await h.Claims.DeleteAsync(Retired, CancellationToken.None);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.ClaimCache.Claims.Any(c => c.Name == Retired && c.Deleting) && h.Nodes.Items.Values.Any(n => n.Metadata.Name == node && n.Spec?.Taints?.Count == 1)),
            "the caches see the claim deleting and the node tainted");
        var controller = h.NewController();
        for (var pass = 0; pass < 10; pass++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        (await h.ReadPodAsync("web-1"))!.Metadata.DeletionTimestamp.Should().BeNull("without the annotation the node is Karpenter's to finish");
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().Contain(instance.InstanceId);

        await RetireAsync(h, Retired);
        await h.PassUntilAsync(controller, async () => (await h.ListClaimsAsync()).All(c => c.Name != Retired), "the retirement finished", afterPass: async () =>
        {
            if (h.Emulator.ListInstances().All(i => i.InstanceId != instance.InstanceId))
            {
                (await h.ReadPodAsync("web-1")).Should().BeNull("the node is drained before its instance is released");
            }

            await h.FinishTerminatingPodsAsync();
        });

        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().NotContain(instance.InstanceId);
        (await h.ListNodesAsync()).Select(n => n.Metadata.Name).Should().NotContain(node);
        h.Metrics.Reported.Should().Contain("eviction:evicted");
    }

    /// <summary>A node of ours (for the driver), and Karpenter's instance, node and claim <see cref="Retired"/> running pod web-1.</summary>
    private static async Task<(EmulatedInstance Instance, string Node)> KarpenterNodeRunningWebAsync(DisruptionHarness h)
    {
        await h.LaunchNodesForAsync(new TestPod("spark-pi-driver", "driver"));
        var instance = await KarpenterLeftovers.LaunchInstanceAsync(h, h.Emulator.ListInstances().Single(), Retired);
        var node = await KarpenterLeftovers.AdoptedNodeAsync(h, instance, Retired);
        await h.AddRunningPodAsync(new TestPod("web-1", "web", Cpu: "500m"), node);
        return (instance, node);
    }

    private static async Task RetireAsync(DisruptionHarness h, string claim)
    {
        await h.Claims.PatchAnnotationsAsync(claim, new Dictionary<string, string?> { [DisruptionAnnotations.Retire] = "true" }, CancellationToken.None);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.ClaimCache.Claims.Any(c => c.Name == claim && c.Annotations.ContainsKey(DisruptionAnnotations.Retire))), "the cache sees the annotation");
    }

    private static async Task UntouchedAsync(DisruptionHarness h, string node, string claim)
    {
        var current = (await h.ListClaimsAsync()).Should().ContainSingle(c => c.Name == claim).Subject;
        current.Deleting.Should().BeFalse();
        current.Annotations.Should().NotContainKey(DisruptionAnnotations.AwaitingReplacements).And.NotContainKey(DisruptionAnnotations.DrainStartedAt);
        (await h.ListNodesAsync()).Single(n => n.Metadata.Name == node).Spec.Taints.Should().BeNullOrEmpty();
    }

    private static async Task NotTaintedBeforeItsReplacementIsInitializedAsync(DisruptionHarness h, string node)
    {
        var tainted = (await h.ListNodesAsync()).FirstOrDefault(n => n.Metadata.Name == node) is { } n && DisruptionSnapshotBuilder.IsTainted(n);
        if (tainted)
        {
            (await h.ListClaimsAsync()).Should().ContainSingle(c => c.Annotations.ContainsKey(DisruptionAnnotations.ReplacementFor))
                .Which.IsTrue(NodeClaimCondition.Initialized).Should().BeTrue("the node is tainted only once its replacement is initialized");
        }
    }

    /// <summary>The cloud, recording every release, with lookups that can go unanswered and a stop right after one release.</summary>
    private sealed class RetirementCloud(ICloudProvider inner) : ICloudProvider
    {
        private int _lookups;
        private int _failLookups;
        private (string InstanceId, CancellationTokenSource Stop)? _stopAfterDeleting;

        public ConcurrentQueue<string> Deletes { get; } = new();

        /// <summary>Every lookup fails as a throttled call would (no answer).</summary>
        public bool FailLookups
        {
            get => Volatile.Read(ref _failLookups) != 0;
            set => Volatile.Write(ref _failLookups, value ? 1 : 0);
        }

        /// <summary>Once this instance is released, <paramref name="stop"/> is cancelled: the pass stops at its next step, as a process shutting down.</summary>
        public void StopAfterDeleting(string instanceId, CancellationTokenSource stop)
        {
            lock (Deletes)
            {
                _stopAfterDeleting = (instanceId, stop);
            }
        }

        public int Lookups => Volatile.Read(ref _lookups);

        public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
        {
            Deletes.Enqueue(instanceId);
            await inner.DeleteAsync(instanceId, cancellationToken);
            CancellationTokenSource? stop = null;
            lock (Deletes)
            {
                if (_stopAfterDeleting is { } armed && armed.InstanceId == instanceId)
                {
                    (stop, _stopAfterDeleting) = (armed.Stop, null);
                }
            }

            await (stop?.CancelAsync() ?? Task.CompletedTask);
        }

        public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return FailLookups ? throw new HttpRequestException("Throttling.User: request was denied due to user flow control") : inner.GetAsync(instanceId, cancellationToken);
        }

        public Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

        public Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => inner.GetInstanceTypesAsync(cancellationToken);
    }
}
