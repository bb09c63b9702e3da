using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class DaemonSetPodsTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Template_requests_count_as_the_scheduler_counts_them()
    {
        var daemonSet = DaemonSet("agent", "ds-uid", cpu: "100m", memory: "64Mi");
        var spec = daemonSet.Spec.Template.Spec;
        // An init container bigger than the app containers sets the peak; a sidecar adds to both.
        spec.InitContainers =
        [
            Container("install", cpu: "500m", memory: "16Mi"),
            Container("proxy", cpu: "50m", memory: "32Mi", restartAlways: true),
        ];
        // A limit without a request is the request (the API server defaults it so on the pods).
        spec.Containers.Add(new V1Container { Name = "limits-only", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("100Mi") } } });
        spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m") };

        var read = DaemonSetPods.Read(daemonSet, out var error);

        error.Should().BeNull();
        read!.Name.Should().Be("kube-system/agent");
        // cpu: max(100 + 50 sidecar, 500 + 0 sidecars before it) + 10 overhead; memory: 64 + 100 + 32.
        read.Requests.Should().Be(new ResourceAmounts(510, 196 * MiB, 0, 1));
    }

    [Fact]
    public void Tolerations_node_selector_and_required_affinity_are_read_from_the_template()
    {
        var daemonSet = DaemonSet("spot-handler", "ds-uid");
        var spec = daemonSet.Spec.Template.Spec;
        spec.NodeSelector = new Dictionary<string, string> { [WellKnownLabels.Os] = "linux" };
        spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = WellKnownLabels.CapacityType, OperatorProperty = "In", Values = ["spot"] }] },
                    ],
                },
            },
        };

        var read = DaemonSetPods.Read(daemonSet, out _)!;

        read.Tolerations.Should().Equal(new PodToleration("dedicated", "Exists", null, "NoSchedule"));
        read.RequirementTerms.Should().ContainSingle().Which.ToString().Should().Be("karpenter.sh/capacity-type In [spot]; kubernetes.io/os In [linux]");
    }

    [Fact]
    public void Host_ports_are_read_from_the_template()
    {
        var daemonSet = DaemonSet("node-exporter", "ds-uid");
        daemonSet.Spec.Template.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 9100, HostPort = 9100 }, new V1ContainerPort { ContainerPort = 8080 }];

        DaemonSetPods.Read(daemonSet, out _)!.HostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 9100));
    }

    [Fact]
    public void Running_pods_raise_their_daemonsets_requests_and_pods_of_a_daemonset_not_in_the_cache_do_not_count()
    {
        var agent = DaemonSet("agent", "agent-uid", cpu: "100m", memory: "64Mi");
        var fresh = DaemonSet("fresh", "fresh-uid", cpu: "200m");
        var deleting = DaemonSet("deleting", "deleting-uid", cpu: "300m");
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;
        V1Pod[] pods =
        [
            // A LimitRange (or a webhook) gave the running pod more memory than the template asks for.
            Pod("agent-1", "agent-uid", cpu: "100m", memory: "128Mi"),
            Pod("agent-2", "agent-uid", cpu: "100m", memory: "96Mi"),
            Pod("finished", "agent-uid", cpu: "4", memory: "4Gi", phase: "Failed"),
            Pod("orphan-1", "deleted-uid", cpu: "1", memory: "1Gi"),
        ];

        var read = DaemonSetPods.Read([fresh, deleting, agent], pods);

        read.Select(d => d.Name).Should().Equal("kube-system/agent", "kube-system/fresh");
        read[0].Requests.Should().Be(new ResourceAmounts(100, 128 * MiB, 0, 1));
        read[1].Requests.Should().Be(new ResourceAmounts(200, 0, 0, 1), "no pod runs yet: the template alone");
    }

    [Fact]
    public void An_unreadable_template_is_reported_and_skipped()
    {
        var bad = DaemonSet("bad", "bad-uid", cpu: "100m");
        bad.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "Near", Values = ["a"] }] }],
                },
            },
        };
        var reasons = new List<string>();

        var read = DaemonSetPods.Read([bad, DaemonSet("good", "good-uid", cpu: "100m")], [], reasons.Add);

        read.Should().ContainSingle().Which.Name.Should().Be("kube-system/good");
        reasons.Should().ContainSingle().Which.Should().Contain("kube-system/bad");
    }

    [Fact]
    public void Overhead_by_pool_counts_each_daemonset_where_it_fits()
    {
        var tainted = Pool("tainted") with { Taints = [new Taint("dedicated", "spark", "NoSchedule")] };
        var daemonSets = DaemonSetPods.Read([DaemonSet("agent", "agent-uid", cpu: "100m")], []);

        var overhead = DaemonSetPods.OverheadByPool([Pool("plain"), tainted], daemonSets);

        overhead["plain"].Should().Be(new ResourceAmounts(100, 0, 0, 1));
        overhead["tainted"].Should().Be(ResourceAmounts.Zero);
    }

    private static NodePool Pool(string name) => new(
        name, new Dictionary<string, string>(), [], [], [], null,
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "default"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);

    private static V1DaemonSet DaemonSet(string name, string uid, string? cpu = null, string? memory = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Uid = uid },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [Container(name, cpu, memory)] },
            },
        },
    };

    private static V1Pod Pod(string name, string ownerUid, string cpu, string memory, string phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "kube-system",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "ds", Uid = ownerUid, Controller = true }],
        },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = [Container("c", cpu, memory)] },
        Status = new V1PodStatus { Phase = phase },
    };

    private static V1Container Container(string name, string? cpu = null, string? memory = null, bool restartAlways = false)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new(memory);
        }

        return new V1Container { Name = name, RestartPolicy = restartAlways ? "Always" : null, Resources = new V1ResourceRequirements { Requests = requests } };
    }
}
