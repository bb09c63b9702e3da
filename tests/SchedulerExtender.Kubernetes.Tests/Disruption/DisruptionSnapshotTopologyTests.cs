using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Disruptions;

/// <summary>The snapshot carries what the simulation needs of pod topology: each pod's labels and rules, and the pods on other nodes per zone.</summary>
public sealed class DisruptionSnapshotTopologyTests
{
    private const string Zone = "cn-shenzhen-d";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly ResourceAmounts Allocatable = new(3_800, 7L << 30, 20L << 30, 110);

    private static NodeClaimResource Claim(string name, string? nodeName, bool registered = true) => new(
        name, Now.AddHours(-1), false, [NodeClaimResource.TerminationFinalizer],
        new Dictionary<string, string> { [WellKnownLabels.InstanceType] = "ecs.c7.xlarge", [WellKnownLabels.Zone] = Zone, [WellKnownLabels.CapacityType] = "spot" },
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"),
        new NodeClaimSpec("pool", [], [], [], ResourceAmounts.Zero), [], [], nodeName is null ? null : "cn-shenzhen.i-1", nodeName,
        registered ? Allocatable : null, registered ? Allocatable : null, []);

    private static V1Node Node(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = Zone }, Annotations = new Dictionary<string, string>() },
        Spec = new V1NodeSpec { Taints = [] },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
    };

    private static V1Pod Pod(string name, string node, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = app }, Annotations = new Dictionary<string, string>() },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } } }] },
        Status = new V1PodStatus { Phase = "Running" },
    };

    private static V1PodAffinityTerm Term(string app, string key) =>
        new() { LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } }, TopologyKey = key };

    /// <summary>app=web, host port 8080, anti-affinity to app=web per node, a DoNotSchedule zone spread.</summary>
    private static V1Pod Web(string name, string node)
    {
        var pod = Pod(name, node, "web");
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }];
        pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("web", TopologyKeys.Hostname)] } };
        pod.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = TopologyKeys.Zone, WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
        ];
        return pod;
    }

    private static V1Pod ZoneExclusive(string name, string node)
    {
        var pod = Pod(name, node, "exclusive");
        pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("web", TopologyKeys.Zone)] } };
        return pod;
    }

    private static ClusterSnapshot Build(IReadOnlyList<NodeClaimResource> claims, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods)
    {
        var catalog = new[] { new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0, [new Offering(Zone, CapacityType.Spot, 0.31)]) };
        return DisruptionSnapshotBuilder.Build(new DisruptionSnapshotBuilder.Observation(ProvisioningConfig.Empty, catalog, claims, nodes, pods, []), _ => null, _ => null);
    }

    [Fact]
    public void A_pod_on_our_node_carries_its_labels_and_the_topology_the_provisioner_reads()
    {
        var web = Web("web-1", "node-a");
        var snapshot = Build([Claim("a", "node-a")], [Node("node-a")], [web, Pod("batch", "node-a", "batch")]);

        var pods = snapshot.Nodes.Single().Pods.ToDictionary(p => p.Pod.Name);
        var read = pods["web-1"];
        read.Labels.Should().Contain("app", "web");
        read.Topology!.HostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 8080));
        var anti = read.Topology.AntiAffinity.Should().ContainSingle().Subject;
        anti.TopologyKey.Should().Be(TopologyKeys.Hostname);
        anti.Selects("default", read.Labels).Should().BeTrue();
        anti.Selects("default", pods["batch"].Labels).Should().BeFalse();
        read.Topology.Spread.Should().ContainSingle().Which.Should().Match<TopologySpreadConstraint>(c => c.MaxSkew == 1 && c.TopologyKey == TopologyKeys.Zone && c.Namespace == "default");
        read.Topology.Spread[0].Key.Should().Be(PendingPods.Scheduled(web).Topology.Spread[0].Key, "the same reader as the provisioner's for pods on its nodes");
        read.ToPendingPod().Topology.Should().BeSameAs(read.Topology, "a moved pod keeps its topology");

        pods["batch"].Labels.Should().Contain("app", "batch");
        pods["batch"].Topology.Should().BeNull("a pod without rules has none, the solver's fast path");
    }

    [Fact]
    public void Pods_on_other_nodes_count_per_zone_all_of_them_when_a_pod_has_a_zone_rule()
    {
        var others = new[] { Node("foreign-1") };
        var pods = new List<V1Pod> { Pod("plain", "foreign-1", "web"), ZoneExclusive("exclusive", "foreign-1"), Pod("mine", "node-a", "batch") };

        var withoutRules = Build([Claim("a", "node-a")], [Node("node-a"), .. others], pods);
        withoutRules.PodsOnOtherNodes.Should().ContainSingle("only pods with zone anti-affinity are read when no pod has a zone rule")
            .Which.Should().Match<ZonedPod>(z => z.Pod.Pod.Name == "exclusive" && z.Zone == Zone && z.Pod.Topology.HasZoneAntiAffinity);

        pods.Add(Web("web-1", "node-a"));
        var withRules = Build([Claim("a", "node-a")], [Node("node-a"), .. others], pods);
        withRules.PodsOnOtherNodes.Select(z => z.Pod.Pod.Name).Should().BeEquivalentTo(["plain", "exclusive"], "our own node's pods are in Nodes, not here");
        withRules.PodsOnOtherNodes.Single(z => z.Pod.Pod.Name == "plain").Pod.Labels.Should().Contain("app", "web");
    }

    [Fact]
    public void A_claim_still_launching_carries_the_pods_on_its_node_or_none_without_one()
    {
        var snapshot = Build([Claim("joining", "node-j", registered: false), Claim("new", null, registered: false)], [Node("node-j")], [Web("web-1", "node-j")]);

        snapshot.Launching.Single(c => c.Name == "joining").Pods.Should().ContainSingle()
            .Which.Topology.HostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 8080));
        snapshot.Launching.Single(c => c.Name == "new").Pods.Should().BeEmpty("no node yet: nothing is bound there");
        snapshot.PodsOnOtherNodes.Should().BeEmpty("the joining node is ours, its pods are on its claim");
    }
}
