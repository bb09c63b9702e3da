using k8s.Models;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Kubernetes.Tests.Disruptions;

public sealed class PodEventTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Live = ["n1"];

    private static V1Pod Pod(string name, DateTimeOffset created) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", CreationTimestamp = created.UtcDateTime },
        Spec = new V1PodSpec { NodeName = "n1" },
    };

    [Fact]
    public void A_node_first_seen_takes_its_newest_pod_and_moves_only_when_its_pods_change()
    {
        var tracker = new PodEventTracker();
        var a = Pod("a", T0.AddMinutes(-10));
        var b = Pod("b", T0.AddMinutes(-3));

        tracker.Observe([a, b], Live, T0);
        tracker.LastEventAt("n1").Should().Be(T0.AddMinutes(-3), "after a restart the newest pod's creation is the best known event");

        tracker.Observe([a, b], Live, T0.AddMinutes(1));
        tracker.LastEventAt("n1").Should().Be(T0.AddMinutes(-3), "nothing changed");

        tracker.Observe([a], Live, T0.AddMinutes(2));
        tracker.LastEventAt("n1").Should().Be(T0.AddMinutes(2), "a pod left");

        tracker.Observe([], Live, T0.AddMinutes(3));
        tracker.LastEventAt("n1").Should().Be(T0.AddMinutes(3), "the last pod left");

        tracker.Observe([], Live, T0.AddMinutes(4));
        tracker.LastEventAt("n1").Should().Be(T0.AddMinutes(3), "an empty node stays empty");

        tracker.Observe([], new HashSet<string>(), T0.AddMinutes(5));
        tracker.LastEventAt("n1").Should().BeNull("a node that is gone is forgotten");
    }
}
