using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

// Not "...Tests.Disruption": that name would hide Core.Config.Disruption from the sibling test namespaces.
namespace SchedulerExtender.Kubernetes.Tests.Disruptions;

public sealed class DisruptionSnapshotBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly ResourceAmounts Allocatable = new(3_800, 7L << 30, 20L << 30, 110);

    private static NodeClaimResource Claim(string name, string? nodeName, bool deleting = false) => new(
        name, Now.AddHours(-1), deleting, [NodeClaimResource.TerminationFinalizer],
        new Dictionary<string, string> { [WellKnownLabels.InstanceType] = "ecs.c7.xlarge", [WellKnownLabels.Zone] = "cn-shenzhen-d", [WellKnownLabels.CapacityType] = "spot" },
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"),
        new NodeClaimSpec("pool", [], [], [], ResourceAmounts.Zero), [], [], nodeName is null ? null : "cn-shenzhen.i-1", nodeName,
        nodeName is null ? null : Allocatable, nodeName is null ? null : Allocatable, []);

    private static V1Node Node(string name, Action<V1Node>? change = null)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = new Dictionary<string, string>() },
            Spec = new V1NodeSpec { ProviderID = "cn-shenzhen.i-1", Taints = [] },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
        };
        change?.Invoke(node);
        return node;
    }

    private static V1Pod Pod(string name, string? node, string? role = null, string app = "app-1", string phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = role is null ? [] : new Dictionary<string, string> { [SparkLabels.Role] = role, [SparkLabels.AppSelector] = app },
            Annotations = new Dictionary<string, string>(),
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } } }] },
        Status = new V1PodStatus { Phase = phase },
    };

    private static ClusterSnapshot Build(
        IReadOnlyList<NodeClaimResource> claims, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, Func<string, DateTimeOffset?>? reclaim = null, ProvisioningConfig? config = null)
    {
        var catalog = new[] { new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0, [new Offering("cn-shenzhen-d", CapacityType.Spot, 0.31)]) };
        var observed = new DisruptionSnapshotBuilder.Observation(config ?? ProvisioningConfig.Empty, catalog, claims, nodes, pods, []);
        return DisruptionSnapshotBuilder.Build(observed, _ => null, reclaim ?? (_ => null));
    }

    [Fact]
    public void A_registered_claim_becomes_a_priced_node_with_its_pods_and_an_unregistered_one_capacity_in_flight()
    {
        var snapshot = Build([Claim("a", "node-a"), Claim("b", null)], [Node("node-a")], [Pod("exec", "node-a", "executor"), Pod("elsewhere", "node-x")]);

        var node = snapshot.Nodes.Should().ContainSingle().Subject;
        node.Name.Should().Be("node-a");
        node.NodeClaim.Should().Be("a");
        node.PricePerHour.Should().Be(0.31);
        node.CapacityType.Should().Be(CapacityType.Spot);
        node.Pods.Select(p => p.Pod.Name).Should().Equal("exec");
        snapshot.Launching.Select(c => c.Name).Should().Equal("b");
    }

    [Theory]
    [InlineData("true", false, true, true)]
    [InlineData("true", false, false, false)] // schedext's own claim: the annotation means nothing
    [InlineData(null, false, true, false)]
    [InlineData("yes", false, true, false)]
    [InlineData(null, true, true, true)] // its drain started: removing the annotation no longer stops it
    public void The_retire_annotation_makes_a_node_found_unmanaged_retiring(string? retire, bool drainStamped, bool foundUnmanaged, bool retiring)
    {
        var annotations = new Dictionary<string, string>();
        if (retire is not null)
        {
            annotations[DisruptionAnnotations.Retire] = retire;
        }

        if (drainStamped)
        {
            annotations[DisruptionAnnotations.DrainStartedAt] = DisruptionAnnotations.TimeText(Now);
        }

        var catalog = new[] { new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0, [new Offering("cn-shenzhen-d", CapacityType.Spot, 0.31)]) };
        var observed = new DisruptionSnapshotBuilder.Observation(ProvisioningConfig.Empty, catalog, [Claim("a", "node-a") with { Annotations = annotations }], [Node("node-a")], [], [])
        {
            FoundUnmanaged = foundUnmanaged ? new HashSet<string> { "a" } : new HashSet<string>(),
        };

        DisruptionSnapshotBuilder.Build(observed, _ => null, _ => null).Nodes.Should().ContainSingle().Which.Retiring.Should().Be(retiring);
    }

    [Fact]
    public void A_pod_held_by_a_PodDisruptionBudget_and_a_claim_awaiting_replacements_are_read()
    {
        var claim = Claim("a", "node-a") with { Annotations = new Dictionary<string, string> { [DisruptionAnnotations.AwaitingReplacements] = "pool-r1" } };
        var pods = new[] { Pod("exec", "node-a", "executor"), Pod("other", "node-a") };
        var budget = new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "executors", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 0, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [SparkLabels.Role] = "executor" } } },
        };
        var catalog = new[] { new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0, [new Offering("cn-shenzhen-d", CapacityType.Spot, 0.31)]) };
        var observed = new DisruptionSnapshotBuilder.Observation(ProvisioningConfig.Empty, catalog, [claim], [Node("node-a")], pods, [])
        {
            DisruptionBudgets = new PodDisruptionBudgetIndex([budget], pods),
        };

        var node = DisruptionSnapshotBuilder.Build(observed, _ => null, _ => null).Nodes.Single();

        node.Disrupting.Should().BeTrue("a claim awaiting its replacements is already being disrupted");
        node.Pods.Single(p => p.Pod.Name == "exec").BlockingDisruptionBudget.Should().Be("default/executors");
        node.Pods.Single(p => p.Pod.Name == "other").BlockingDisruptionBudget.Should().BeNull();
    }

    [Theory]
    [InlineData(null, null, 0)] // never abandoned
    [InlineData("2026-11-24T04:57:00Z", null, 1)] // stamped before the count was kept
    [InlineData("2026-11-24T04:57:00Z", "3", 3)]
    [InlineData("2026-11-24T04:57:00Z", "three", 1)]
    [InlineData("2026-11-24T04:57:00Z", "0", 1)]
    [InlineData("2026-11-24T04:57:00Z", "-2", 1)]
    [InlineData(null, "3", 0)] // a count without a time holds nothing back
    public void The_abandon_count_is_read_from_the_claim(string? at, string? count, int expected)
    {
        var annotations = new Dictionary<string, string>();
        if (at is not null)
        {
            annotations[DisruptionAnnotations.ReplaceAbandonedAt] = at;
        }

        if (count is not null)
        {
            annotations[DisruptionAnnotations.ReplaceAbandons] = count;
        }

        Build([Claim("a", "node-a") with { Annotations = annotations }], [Node("node-a")], []).Nodes.Single().ReplaceAbandons.Should().Be(expected);
    }

    [Theory]
    [InlineData("2026-11-24T04:57:00.0000000+00:00", "2026-11-24T04:57:00Z")]
    [InlineData("2026-11-24T04:57:00Z", "2026-11-24T04:57:00Z")]
    [InlineData("yesterday", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_abandoned_replace_time_is_read_from_the_claim_and_an_unreadable_one_is_absent(string? annotation, string? expected)
    {
        var annotations = new Dictionary<string, string>();
        if (annotation is not null)
        {
            annotations[DisruptionAnnotations.ReplaceAbandonedAt] = annotation;
        }

        var node = Build([Claim("a", "node-a") with { Annotations = annotations }], [Node("node-a")], []).Nodes.Single();

        node.ReplaceAbandonedAt.Should().Be(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        node.Disrupting.Should().BeFalse("an abandoned replace leaves the node an ordinary candidate");
    }

    public enum NodeState { Plain, Tainted, ClaimDeleting, NotReady, DoNotDisrupt }

    [Theory]
    [InlineData(NodeState.Plain, false, true, false)]
    [InlineData(NodeState.Tainted, true, true, false)]
    [InlineData(NodeState.ClaimDeleting, true, true, false)]
    [InlineData(NodeState.NotReady, false, false, false)]
    [InlineData(NodeState.DoNotDisrupt, false, true, true)]
    public void Node_state_is_read_from_the_taint_the_claim_and_the_annotations(NodeState state, bool disrupting, bool ready, bool doNotDisrupt)
    {
        var node = Node("node-a", n =>
        {
            switch (state)
            {
                case NodeState.Tainted:
                    n.Spec.Taints = [new V1Taint { Key = "karpenter.sh/disrupted", Effect = "NoSchedule" }];
                    break;
                case NodeState.NotReady:
                    n.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "False" }];
                    break;
                case NodeState.DoNotDisrupt:
                    n.Metadata.Annotations["karpenter.sh/do-not-disrupt"] = "true";
                    break;
            }
        });

        var read = Build([Claim("a", "node-a", deleting: state == NodeState.ClaimDeleting)], [node], []).Nodes.Single();

        (read.Disrupting, read.Ready, read.DoNotDisrupt).Should().Be((disrupting, ready, doNotDisrupt));
    }

    [Theory]
    [InlineData("Running", true)]
    [InlineData("Pending", true)]
    [InlineData("Succeeded", false)]
    [InlineData("Failed", false)]
    public void An_application_runs_while_its_driver_has_not_finished(string driverPhase, bool running)
    {
        var snapshot = Build([Claim("a", "node-a")], [Node("node-a")], [Pod("driver", "node-x", "driver", phase: driverPhase), Pod("exec", "node-a", "executor")]);

        var executor = snapshot.Nodes.Single().Pods.Single();
        executor.Role.Should().Be(SparkRole.Executor);
        executor.ApplicationId.Should().Be("app-1");
        executor.ApplicationRunning.Should().Be(running);
    }

    [Fact]
    public void Executors_without_a_visible_driver_count_as_running_and_pod_flags_are_read()
    {
        var doNotDisrupt = Pod("pinned", "node-a");
        doNotDisrupt.Metadata.Annotations["karpenter.sh/do-not-disrupt"] = "true";
        var daemon = Pod("agent", "node-a");
        daemon.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "agent", Uid = "uid-1", Controller = true }];

        var pods = Build([Claim("a", "node-a")], [Node("node-a")], [Pod("exec", "node-a", "executor", app: "orphan-app"), doNotDisrupt, daemon, Pod("done", "node-a", phase: "Succeeded")])
            .Nodes.Single().Pods.ToDictionary(p => p.Pod.Name);

        pods["exec"].ApplicationRunning.Should().BeTrue("without its driver in sight, the safe side is to keep its executors");
        pods["pinned"].DoNotDisrupt.Should().BeTrue();
        pods["agent"].IsDaemonSet.Should().BeTrue();
        pods["done"].IsTerminal.Should().BeTrue();
    }

    [Theory]
    [InlineData("annotation", true)]
    [InlineData("condition", true)]
    [InlineData("condition-false", false)]
    [InlineData("none", false)]
    public void The_node_reclaim_signal_is_the_extenders_annotation_or_condition(string signal, bool reclaimed)
    {
        var node = Node("node-a", n =>
        {
            if (signal == "annotation")
            {
                n.Metadata.Annotations["schedext.io/spot-reclaim-at"] = "2026-11-24T05:05:00Z";
            }
            else if (signal.StartsWith("condition", StringComparison.Ordinal))
            {
                n.Status.Conditions.Add(new V1NodeCondition { Type = "SpotInterruption", Status = signal == "condition" ? "True" : "False" });
            }
        });

        DisruptionSnapshotBuilder.HasReclaimSignal(node).Should().Be(reclaimed);
    }

    private static readonly NodePool LaunchPool = new(
        "pool", new Dictionary<string, string>(), [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand")], [], [], null,
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);

    private static readonly EcsNodeClass LaunchClass = new(
        "defaultnodeclass", [new SelectorTerm(new Dictionary<string, string>(), "vsw-1")], [new SelectorTerm(new Dictionary<string, string>(), "sg-1")],
        [new ImageSelectorTerm("AlibabaCloudLinux3", null)], null, new Dictionary<string, string>(), null);

    /// <summary>What the claim carries: <c>Unversioned</c> = both hashes without versions (launched before
    /// versions were stamped), <c>OldVersions</c> = both hashes stamped by another hash version.</summary>
    public enum Stamped { None, PoolOnly, Both, Unversioned, OldVersions }

    public enum Change { Nothing, PoolTaint, SpotNotAllowed, NodeClassImage, PoolRemoved, NodeClassRemoved }

    [Theory]
    [InlineData(Stamped.Both, Change.Nothing, false)]
    [InlineData(Stamped.Both, Change.PoolTaint, true)]
    [InlineData(Stamped.Both, Change.SpotNotAllowed, true)]
    [InlineData(Stamped.Both, Change.NodeClassImage, true)]
    [InlineData(Stamped.Both, Change.PoolRemoved, false)]
    [InlineData(Stamped.Both, Change.NodeClassRemoved, false)]
    [InlineData(Stamped.PoolOnly, Change.PoolTaint, true)]
    [InlineData(Stamped.PoolOnly, Change.NodeClassImage, false)]
    [InlineData(Stamped.None, Change.PoolTaint, false)]
    [InlineData(Stamped.None, Change.SpotNotAllowed, false)]
    [InlineData(Stamped.Unversioned, Change.PoolTaint, false)]
    [InlineData(Stamped.Unversioned, Change.NodeClassImage, false)]
    [InlineData(Stamped.Unversioned, Change.SpotNotAllowed, true)]
    [InlineData(Stamped.OldVersions, Change.PoolTaint, false)]
    [InlineData(Stamped.OldVersions, Change.NodeClassImage, false)]
    public void A_node_drifts_when_its_pool_or_node_class_no_longer_matches_the_hashes_stamped_at_launch(Stamped stamped, Change change, bool drifted)
    {
        var annotations = new Dictionary<string, string>();
        if (stamped != Stamped.None)
        {
            annotations[NodeClaimResource.PoolHashAnnotation] = NodeDrift.PoolHash(LaunchPool);
        }

        if (stamped is Stamped.Both or Stamped.Unversioned or Stamped.OldVersions)
        {
            annotations[NodeClaimResource.NodeClassHashAnnotation] = NodeDrift.NodeClassHash(LaunchClass);
        }

        if (stamped is Stamped.PoolOnly or Stamped.Both)
        {
            annotations[NodeClaimResource.PoolHashVersionAnnotation] = NodeDrift.PoolHashVersion;
        }

        if (stamped == Stamped.Both)
        {
            annotations[NodeClaimResource.NodeClassHashVersionAnnotation] = NodeDrift.NodeClassHashVersion;
        }

        if (stamped == Stamped.OldVersions)
        {
            annotations[NodeClaimResource.PoolHashVersionAnnotation] = "v0";
            annotations[NodeClaimResource.NodeClassHashVersionAnnotation] = "v0";
        }

        var pool = change switch
        {
            Change.PoolTaint => LaunchPool with { Taints = [new Taint("dedicated", "spark", "NoSchedule")] },
            Change.SpotNotAllowed => LaunchPool with { Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")] },
            _ => LaunchPool,
        };
        var nodeClass = change == Change.NodeClassImage ? LaunchClass with { ImageSelectorTerms = [new ImageSelectorTerm("ContainerOS", null)] } : LaunchClass;
        var config = new ProvisioningConfig(change == Change.PoolRemoved ? [] : [pool], change == Change.NodeClassRemoved ? [] : [nodeClass]);

        var node = Build([Claim("a", "node-a") with { Annotations = annotations }], [Node("node-a")], [], config: config).Nodes.Single();

        node.Drifted.Should().Be(drifted);
    }

    [Fact]
    public void Each_pool_reserves_the_daemonsets_that_fit_it_and_their_host_ports()
    {
        var spotPool = LaunchPool with { Name = "spot", Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot")] };
        var onDemandPool = LaunchPool with { Name = "on-demand", Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")] };
        var spotOnly = RequirementSet.From([NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot")]);
        var catalog = new[] { new InstanceType("ecs.c7.xlarge", "ecs.c7", "amd64", 4, 8, 0, [new Offering("cn-shenzhen-d", CapacityType.Spot, 0.31)]) };
        var observed = new DisruptionSnapshotBuilder.Observation(new ProvisioningConfig([spotPool, onDemandPool], [LaunchClass]), catalog, [], [], [], [])
        {
            DaemonSets =
            [
                new DaemonSetPod("kube-system/cni", new ResourceAmounts(100, 0, 0, 1), [], []),
                new DaemonSetPod("kube-system/spot-handler", new ResourceAmounts(50, 0, 0, 1), [spotOnly], [], [new HostPort("TCP", HostPort.AnyIp, 9100)]),
            ],
        };

        var states = DisruptionSnapshotBuilder.Build(observed, _ => null, _ => null).NodePools.ToDictionary(p => p.Pool.Name);
        var pools = states.ToDictionary(p => p.Key, p => p.Value.DaemonSetOverhead);

        pools["spot"].Should().Be(new ResourceAmounts(150, 0, 0, 2));
        pools["on-demand"].Should().Be(new ResourceAmounts(100, 0, 0, 1));
        // A replacement of the spot pool has 9100 taken: a moved pod asking it cannot go there.
        states["spot"].DaemonSetHostPorts.Should().Equal(new HostPort("TCP", HostPort.AnyIp, 9100));
        states["on-demand"].DaemonSetHostPorts.Should().BeEmpty();
    }

    [Theory]
    [InlineData("False", true)]
    [InlineData("Unknown", true)]
    [InlineData("True", false)]
    public void NotReadySince_is_when_the_Ready_condition_turned_False_or_Unknown(string status, bool notReady)
    {
        var since = new DateTime(2026, 11, 24, 4, 20, 0, DateTimeKind.Utc);
        var node = Node("n1", n => n.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = status, LastTransitionTime = since }]);

        var read = Build([Claim("c1", "n1")], [node], []).Nodes.Should().ContainSingle().Subject;

        read.NotReadySince.Should().Be(notReady ? new DateTimeOffset(since) : null);
        read.Ready.Should().Be(!notReady);
    }

    [Fact]
    public void A_node_without_a_Ready_condition_or_its_time_is_not_ready_since_no_known_time()
    {
        var noCondition = Node("n1", n => n.Status.Conditions = []);
        var noTime = Node("n2", n => n.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown" }]);

        var read = Build([Claim("c1", "n1"), Claim("c2", "n2")], [noCondition, noTime], []).Nodes;

        read.Should().HaveCount(2).And.OnlyContain(n => !n.Ready && n.NotReadySince == null);
    }

    [Fact]
    public void Every_node_condition_is_read_with_since_when_it_holds_for_node_repair()
    {
        var since = new DateTime(2026, 11, 24, 4, 20, 0, DateTimeKind.Utc);
        var node = Node("n1", n => n.Status.Conditions =
        [
            new V1NodeCondition { Type = "Ready", Status = "True", LastTransitionTime = since.AddHours(-1) },
            new V1NodeCondition { Type = "KernelDeadlock", Status = "True", LastTransitionTime = since },
            new V1NodeCondition { Type = "ReadonlyFilesystem", Status = "False" },
        ]);

        var read = Build([Claim("c1", "n1")], [node], []).Nodes.Should().ContainSingle().Subject;

        read.Conditions.Should().Equal(
            new NodeConditionState("Ready", "True", new DateTimeOffset(since.AddHours(-1))),
            new NodeConditionState("KernelDeadlock", "True", new DateTimeOffset(since)),
            new NodeConditionState("ReadonlyFilesystem", "False", null));
    }
}
