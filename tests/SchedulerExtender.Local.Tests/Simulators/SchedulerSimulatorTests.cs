using k8s;
using k8s.Models;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class SchedulerSimulatorTests
{
    private static SchedulerSimulator Scheduler(ClusterHarness cluster, params ISchedulerExtender[] extenders) =>
        new(cluster.Client, new SchedulerSimulatorOptions
        {
            Profiles = [new SchedulerProfile(SchedulerProfile.DefaultSchedulerName, []), new SchedulerProfile("schedext-scheduler", extenders)],
        }, cluster.Time);

    [Fact]
    public async Task Binds_to_the_least_allocated_node_through_the_binding_subresource()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("busy");
        await cluster.CreateNodeAsync("empty");
        await cluster.CreatePodAsync("running", cpu: "3", nodeName: "busy");
        await cluster.CreatePodAsync("p1");

        var outcomes = await Scheduler(cluster).ScheduleOnceAsync(CancellationToken.None);

        outcomes.Should().ContainSingle(o => o.Pod == "default/p1").Which.Node.Should().Be("empty");
        var pod = await cluster.GetPodAsync("p1");
        pod.Spec.NodeName.Should().Be("empty");
        pod.Status.Conditions.Should().Contain(c => c.Type == "PodScheduled" && c.Status == "True");
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("default");
        events.Items.Should().ContainSingle(e => e.InvolvedObject.Name == "p1" && e.Reason == "Scheduled")
            .Which.Message.Should().Be("Successfully assigned default/p1 to empty");
    }

    [Fact]
    public async Task A_pass_counts_the_pods_it_has_just_bound()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("a", cpu: "2");
        await cluster.CreateNodeAsync("b", cpu: "2");
        await cluster.CreatePodAsync("p1", cpu: "1500m");
        await cluster.CreatePodAsync("p2", cpu: "1500m");

        await Scheduler(cluster).ScheduleOnceAsync(CancellationToken.None);

        var nodes = new[] { (await cluster.GetPodAsync("p1")).Spec.NodeName, (await cluster.GetPodAsync("p2")).Spec.NodeName };
        nodes.Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public async Task A_pod_that_fits_nowhere_gets_the_Unschedulable_condition_once()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await cluster.CreateNodeAsync(name);
        }

        await cluster.CreatePodAsync("big", cpu: "8");
        var scheduler = Scheduler(cluster);

        await scheduler.ScheduleOnceAsync(CancellationToken.None);
        var first = await cluster.GetPodAsync("big");
        await scheduler.ScheduleOnceAsync(CancellationToken.None);
        var second = await cluster.GetPodAsync("big");

        first.Spec.NodeName.Should().BeNull();
        var condition = first.Status.Conditions.Should().ContainSingle(c => c.Type == "PodScheduled").Subject;
        (condition.Status, condition.Reason, condition.Message).Should().Be(("False", "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu."));
        second.Metadata.ResourceVersion.Should().Be(first.Metadata.ResourceVersion, "an unchanged verdict is not written again");
        (await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Should().ContainSingle(e => e.Reason == "FailedScheduling" && e.Type == "Warning" && e.Message == condition.Message);
    }

    [Fact]
    public async Task Cordoned_not_ready_tainted_and_non_matching_nodes_are_filtered_with_their_reasons()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("cordoned", unschedulable: true);
        await cluster.CreateNodeAsync("not-ready", ready: false);
        await cluster.CreateNodeAsync("tainted", taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]);
        await cluster.CreateNodeAsync("spot", labels: new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot" });
        await cluster.CreatePodAsync("driver", nodeSelector: new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "on-demand" });

        var outcome = (await Scheduler(cluster).ScheduleOnceAsync(CancellationToken.None)).Single();

        outcome.Bound.Should().BeFalse();
        outcome.Message.Should().Be("0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, " +
            "1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable.");
    }

    [Fact]
    public async Task Only_ungated_pods_of_its_profiles_are_scheduled()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("a");
        await cluster.CreatePodAsync("other", schedulerName: "volcano");
        var gated = ClusterHarness.Pod("gated");
        gated.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/wait" }];
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(gated, "default");

        var outcomes = await Scheduler(cluster).ScheduleOnceAsync(CancellationToken.None);

        outcomes.Should().BeEmpty();
        (await cluster.GetPodAsync("other")).Spec.NodeName.Should().BeNull();
    }

    [Fact]
    public async Task The_extender_filters_the_feasible_nodes_and_its_score_counts_weight_times_ten()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("busy");
        await cluster.CreateNodeAsync("empty");
        await cluster.CreateNodeAsync("rejected");
        await cluster.CreateNodeAsync("small", cpu: "500m");
        await cluster.CreatePodAsync("running", cpu: "3", nodeName: "busy");
        await cluster.CreatePodAsync("p1", schedulerName: "schedext-scheduler");
        var extender = new FakeExtender(FakeExtender.Config5());
        extender.Reject["rejected"] = "spot node for a driver";
        extender.Scores["busy"] = 10;

        var outcome = (await Scheduler(cluster, extender).ScheduleOnceAsync(CancellationToken.None)).Single();

        extender.Calls.Select(c => (c.Verb, c.Nodes)).Should().BeEquivalentTo(new[]
        {
            ("filter", (IReadOnlyList<string>)["busy", "empty", "rejected"]), // "small" was filtered by the plugins first
            ("prioritize", (IReadOnlyList<string>)["busy", "empty"]),
        }, o => o.WithStrictOrdering());
        // LeastAllocated: busy cpu 0, memory 78 → 39; empty cpu 75, memory 89 → 82. Extender: busy 10 × 5 × 10 = 500.
        outcome.Scores.Should().BeEquivalentTo(new Dictionary<string, long> { ["busy"] = 539, ["empty"] = 82 });
        outcome.Node.Should().Be("busy");
    }

    [Fact]
    public async Task Extender_rejections_appear_in_the_unschedulable_message()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("spot-a");
        await cluster.CreateNodeAsync("small", cpu: "500m");
        await cluster.CreatePodAsync("driver", schedulerName: "schedext-scheduler");
        var extender = new FakeExtender(FakeExtender.Config5());
        extender.Reject["spot-a"] = "spot node for a driver";

        var outcome = (await Scheduler(cluster, extender).ScheduleOnceAsync(CancellationToken.None)).Single();

        outcome.Message.Should().Be("0/2 nodes are available: 1 Insufficient cpu, 1 spot node for a driver.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failing_extender_is_skipped_only_when_ignorable(bool ignorable)
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("a");
        await cluster.CreateNodeAsync("b");
        await cluster.CreatePodAsync("p1", schedulerName: "schedext-scheduler");
        var extender = new FakeExtender(FakeExtender.Config5(ignorable)) { Fail = true };

        var outcome = (await Scheduler(cluster, extender).ScheduleOnceAsync(CancellationToken.None)).Single();

        outcome.Bound.Should().Be(ignorable);
        if (!ignorable)
        {
            outcome.Message.Should().Contain("connection refused");
            (await cluster.GetPodAsync("p1")).Status.Conditions.Should().Contain(c => c.Reason == "Unschedulable" && c.Message.Contains("connection refused"));
        }
    }

    [Fact]
    public async Task The_loop_binds_pods_as_they_appear()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("a");
        using var stop = new CancellationTokenSource();
        var loop = Scheduler(cluster).RunAsync(stop.Token);

        await cluster.CreatePodAsync("p1");
        await Eventually.HoldsAsync(async () => (await cluster.GetPodAsync("p1")).Spec.NodeName == "a", "p1 bound by the loop");

        await stop.CancelAsync();
        await loop;
    }
}
