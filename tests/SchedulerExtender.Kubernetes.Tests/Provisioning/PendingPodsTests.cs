using k8s.Models;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class PendingPodsTests
{
    public enum Variant { Unschedulable, NotYetTried, Bound, DaemonSet, Terminating, OtherReason, Running, Preempting }

    [Theory]
    [InlineData(Variant.Unschedulable, true)]
    [InlineData(Variant.NotYetTried, false)]
    [InlineData(Variant.Bound, false)]
    [InlineData(Variant.DaemonSet, false)]
    [InlineData(Variant.Terminating, false)]
    [InlineData(Variant.OtherReason, false)]
    [InlineData(Variant.Running, false)]
    [InlineData(Variant.Preempting, false)]
    public void Only_unbound_unschedulable_non_daemonset_not_preempting_pods_are_pending(Variant variant, bool pending)
    {
        PendingPods.IsPending(Pod(variant)).Should().Be(pending);
    }

    [Fact]
    public void A_pending_spark_executor_is_read_with_its_role_and_requests()
    {
        var pod = Pod(Variant.Unschedulable);
        pod.Metadata.Labels = new Dictionary<string, string> { ["spark-role"] = "executor", ["spark-app-selector"] = "spark-1" };

        var read = PendingPods.Read(pod, out var error);

        error.Should().BeNull();
        read!.Role.Should().Be(SparkRole.Executor);
        read.Requests.Should().Be(new ResourceAmounts(1000, 896L * 1024 * 1024, 0, 1));
        read.Pod.ToString().Should().Be("default/p");
    }

    [Fact]
    public void A_pending_pod_is_read_with_its_labels_anti_affinity_and_host_ports()
    {
        var pod = Pod(Variant.Unschedulable);
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080, HostPort = 80 }];
        pod.Spec.Affinity = new V1Affinity
        {
            PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, TopologyKey = "kubernetes.io/hostname" },
                ],
            },
        };

        var read = PendingPods.Read(pod, out var error);

        error.Should().BeNull();
        read!.Labels.Should().Contain("app", "web");
        read.Topology!.HostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 80));
        read.Topology.AntiAffinity.Should().ContainSingle().Which.Selects("default", read.Labels!).Should().BeTrue();
    }

    [Fact]
    public void A_pod_on_a_node_is_read_as_a_neighbour_with_or_without_topology()
    {
        var plain = Pod(Variant.Bound);
        plain.Metadata.Labels = new Dictionary<string, string> { ["app"] = "batch" };
        var exporter = Pod(Variant.Bound);
        exporter.Metadata.Labels = new Dictionary<string, string> { ["app"] = "exporter" };
        exporter.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 9100, HostPort = 9100 }];

        var plainRead = PendingPods.Scheduled(plain);
        var exporterRead = PendingPods.Scheduled(exporter);

        plainRead.Labels.Should().Contain("app", "batch");
        plainRead.Topology.Should().BeSameAs(PodTopology.None);
        exporterRead.Labels.Should().Contain("app", "exporter");
        exporterRead.Topology.HostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 9100));
    }

    private static V1Pod Pod(Variant variant) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p",
            NamespaceProperty = "default",
            DeletionTimestamp = variant == Variant.Terminating ? DateTime.UtcNow : null,
            OwnerReferences = variant == Variant.DaemonSet ? [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "ds", Uid = "ds-uid", Controller = true }] : null,
        },
        Spec = new V1PodSpec
        {
            NodeName = variant == Variant.Bound ? "node-1" : null,
            Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("896Mi") } } }],
        },
        Status = new V1PodStatus
        {
            Phase = variant == Variant.Running ? "Running" : "Pending",
            NominatedNodeName = variant == Variant.Preempting ? "node-1" : null,
            Conditions = variant == Variant.NotYetTried ? null :
            [
                new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = variant == Variant.OtherReason ? "SchedulingGated" : "Unschedulable" },
            ],
        },
    };
}
