using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class SchedulerSnapshotTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Bound_pods_count_until_they_are_terminal_and_terminating_pods_still_count()
    {
        var node = Node("a", ready: true);
        var pods = new[]
        {
            Bound("running", "a", "Running"),
            Bound("terminating", "a", "Running", terminating: true),
            Bound("done", "a", "Succeeded"),
            Bound("failed", "a", "Failed"),
            Bound("elsewhere", "b", "Running"),
            Bound("pending", null, "Pending"),
        };

        var snapshot = SchedulerSnapshot.Build([node], pods).Single();

        snapshot.Requested.MilliCpu.Should().Be(2000);
        snapshot.Requested.MemoryBytes.Should().Be(2 * 896 * MiB);
        snapshot.Requested.Pods.Should().Be(2);
        snapshot.Allocatable.MilliCpu.Should().Be(3920);
        snapshot.Allocatable.Pods.Should().Be(110);
        snapshot.Taints.Should().BeEmpty();
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)] // already tainted by the node lifecycle controller: not twice
    public void A_node_that_is_not_ready_carries_the_not_ready_taint(bool ready, bool alreadyTainted, bool tainted)
    {
        var node = Node("a", ready);
        if (alreadyTainted)
        {
            node.Spec.Taints = [new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoExecute" }];
        }

        var taints = SchedulerSnapshot.Build([node], []).Single().Taints;

        taints.Where(t => t.Key == SchedulerSnapshot.NotReadyTaint.Key).Should().HaveCount(tainted ? 1 : 0);
        if (tainted && !alreadyTainted)
        {
            taints.Should().Equal(new Taint("node.kubernetes.io/not-ready", null, "NoSchedule"));
        }
    }

    private static V1Node Node(string name, bool ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3920m"), ["memory"] = new("7Gi"), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "Unknown" }],
        },
    };

    private static V1Pod Bound(string name, string? node, string phase, bool terminating = false)
    {
        var pod = ClusterHarness.Pod(name, nodeName: node);
        pod.Metadata.DeletionTimestamp = terminating ? new DateTime(2026, 3, 1, 8, 0, 30, DateTimeKind.Utc) : null;
        pod.Status = new V1PodStatus { Phase = phase };
        return pod;
    }
}
