using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class VolumeTopologyTests
{
    private const string DiskZone = "topology.diskplugin.csi.alibabacloud.com/zone";
    private static readonly NodeSelectorRequirement ZoneA = NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-a");
    private static readonly NodeSelectorRequirement ZoneB = NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b");
    private static readonly NodeSelectorRequirement ZoneAOrB = NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-a", "zone-b");

    /// <summary>The cluster's claims, volumes and classes; counts lookups, to show a pod without claims costs none.</summary>
    public sealed class Objects : IVolumeObjects
    {
        public Dictionary<string, VolumeClaimObservation> Claims { get; } = [];

        public Dictionary<string, PersistentVolumeObservation> Volumes { get; } = [];

        public Dictionary<string, StorageClassObservation> Classes { get; } = [];

        public int Lookups { get; private set; }

        public VolumeClaimObservation? Claim(string ns, string name)
        {
            Lookups++;
            return Claims.GetValueOrDefault($"{ns}/{name}");
        }

        public PersistentVolumeObservation? Volume(string name)
        {
            Lookups++;
            return Volumes.GetValueOrDefault(name);
        }

        public StorageClassObservation? StorageClass(string name)
        {
            Lookups++;
            return Classes.GetValueOrDefault(name);
        }

        public Objects Bound(string claim, string volume, params NodeSelectorRequirement[][] terms)
        {
            Claims[$"default/{claim}"] = new VolumeClaimObservation("default", claim, volume, "alicloud-disk");
            Volumes[volume] = new PersistentVolumeObservation(volume, terms);
            return this;
        }

        public Objects Unbound(string claim, string? storageClass)
        {
            Claims[$"default/{claim}"] = new VolumeClaimObservation("default", claim, null, storageClass);
            return this;
        }

        public Objects Class(string name, bool waitForFirstConsumer, params NodeSelectorRequirement[][] allowed)
        {
            Classes[name] = new StorageClassObservation(name, waitForFirstConsumer, allowed);
            return this;
        }
    }

    private static readonly PodReference Executor = new("default", "exec-1");

    private static VolumeRequirements Resolve(Objects objects, params PodVolumeClaim[] claims) => VolumeTopology.Resolve(Executor, claims, objects);

    private static string Render(VolumeRequirements v) =>
        v.WaitReason is { } wait ? $"wait: {wait}"
        : v.UnmetReason is { } unmet ? $"unmet: {unmet}"
        : string.Join(" | ", v.Terms.Select(t => t.ToString()));

    [Fact]
    public void A_pod_without_claims_is_unconstrained_and_costs_no_lookup()
    {
        var objects = new Objects();

        var volumes = Resolve(objects);

        volumes.IsUnconstrained.Should().BeTrue();
        objects.Lookups.Should().Be(0);
    }

    public static TheoryData<string, Objects, PodVolumeClaim[], string> Cases() => new()
    {
        // case, cluster objects, the pod's claims, expected: terms (ORed, " | ") or "wait: …" / "unmet: …"
        {
            "bound PV in zone B",
            new Objects().Bound("data", "pv-1", [ZoneB]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "CSI zone key read as the well-known zone",
            new Objects().Bound("data", "pv-1", [NodeSelectorRequirement.In(DiskZone, "zone-b")]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "beta zone label read as the well-known zone",
            new Objects().Bound("data", "pv-1", [NodeSelectorRequirement.In("failure-domain.beta.kubernetes.io/zone", "zone-a")]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-a]"
        },
        {
            "ORed PV terms: both kept",
            new Objects().Bound("data", "pv-1", [ZoneA], [ZoneB]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-a] | topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "PV without node affinity: anywhere",
            new Objects().Bound("data", "pv-1"), [PodVolumeClaim.Persistent("data", "data")],
            ""
        },
        {
            "disk-category labels of the CSI node plugin are left to the scheduler",
            new Objects().Bound("data", "pv-1", [NodeSelectorRequirement.In(DiskZone, "zone-b"), NodeSelectorRequirement.In("node.csi.alibabacloud.com/disktype.cloud_essd", "available")]),
            [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "local volume on an existing node: no new node can use it",
            new Objects().Bound("data", "local-pv", [NodeSelectorRequirement.In("kubernetes.io/hostname", "node-7")]), [PodVolumeClaim.Persistent("data", "data")],
            "unmet: volume data (PVC data): PV local-pv can only be used by nodes no new node can be: kubernetes.io/hostname In [node-7]"
        },
        {
            "one term on an existing node, one on a zone: the zone",
            new Objects().Bound("data", "pv-1", [NodeSelectorRequirement.In("kubernetes.io/hostname", "node-7")], [ZoneB]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "hostname NotIn holds for any new node",
            new Objects().Bound("data", "pv-1", [ZoneA, NodeSelectorRequirement.NotIn("kubernetes.io/hostname", "node-7")]), [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-a]"
        },
        {
            "two volumes in different zones: unmet",
            new Objects().Bound("a", "pv-a", [ZoneA]).Bound("b", "pv-b", [ZoneB]),
            [PodVolumeClaim.Persistent("a", "a"), PodVolumeClaim.Persistent("b", "b")],
            "unmet: volume b needs [topology.kubernetes.io/zone In [zone-b]], which no node meeting the pod's other volumes ([topology.kubernetes.io/zone In [zone-a]]) does"
        },
        {
            "two volumes: the zone both allow",
            new Objects().Bound("a", "pv-a", [ZoneAOrB]).Bound("b", "pv-b", [ZoneB]),
            [PodVolumeClaim.Persistent("a", "a"), PodVolumeClaim.Persistent("b", "b")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "unbound, WaitForFirstConsumer with allowedTopologies",
            new Objects().Unbound("data", "topology").Class("topology", true, [NodeSelectorRequirement.In(DiskZone, "zone-a")]),
            [PodVolumeClaim.Persistent("data", "data")],
            "topology.kubernetes.io/zone In [zone-a]"
        },
        {
            "unbound, WaitForFirstConsumer without allowedTopologies: anywhere",
            new Objects().Unbound("data", "topology").Class("topology", true), [PodVolumeClaim.Persistent("data", "data")],
            ""
        },
        {
            "unbound, Immediate: wait for the volume",
            new Objects().Unbound("data", "immediate").Class("immediate", false), [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): not bound yet; StorageClass immediate binds Immediately, so its zone is known once the volume is provisioned"
        },
        {
            "unbound without a StorageClass: wait",
            new Objects().Unbound("data", null), [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): not bound and has no StorageClass; it waits for a PV to bind it"
        },
        {
            "unbound with a StorageClass not found: wait",
            new Objects().Unbound("data", "gone"), [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): StorageClass gone does not exist"
        },
        {
            "missing PVC: wait",
            new Objects(), [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): the claim does not exist"
        },
        {
            "bound to a PV not found: wait",
            new Objects { Claims = { ["default/data"] = new VolumeClaimObservation("default", "data", "pv-9", "disk") } }, [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): bound to PV pv-9, which does not exist (yet)"
        },
        {
            "claim being deleted: wait",
            new Objects { Claims = { ["default/data"] = new VolumeClaimObservation("default", "data", null, "disk", Deleting: true) } }, [PodVolumeClaim.Persistent("data", "data")],
            "wait: volume data (PVC data): the claim is being deleted"
        },
        {
            "ephemeral volume: the claim named <pod>-<volume>",
            new Objects().Bound("exec-1-spark-local-dir-1", "pv-1", [ZoneB]), [PodVolumeClaim.Ephemeral("spark-local-dir-1")],
            "topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "ephemeral volume whose claim is not created yet: wait",
            new Objects(), [PodVolumeClaim.Ephemeral("scratch")],
            "wait: volume scratch (PVC exec-1-scratch): the ephemeral volume's claim is not created yet"
        },
        {
            "one volume waits: the pod waits",
            new Objects().Bound("a", "pv-a", [ZoneA]), [PodVolumeClaim.Persistent("a", "a"), PodVolumeClaim.Persistent("b", "b")],
            "wait: volume b (PVC b): the claim does not exist"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolves_what_the_volumes_ask_of_the_node(string because, Objects objects, PodVolumeClaim[] claims, string expected)
    {
        Render(Resolve(objects, claims)).Should().Be(expected, because);
    }

    public static TheoryData<string, RequirementSet[], RequirementSet[], string> Intersections() => new()
    {
        // case, the pod's own terms (ORed), the volumes' terms (ORed), expected terms or "not: reason"
        { "pod allows A and B, volume in B: B only", [Term(ZoneAOrB)], [Term(ZoneB)], "topology.kubernetes.io/zone In [zone-b]" },
        { "pod unconstrained, volume in B", [], [Term(ZoneB)], "topology.kubernetes.io/zone In [zone-b]" },
        {
            "pod requires A, volume in B: not provisionable",
            [Term(ZoneA)], [Term(ZoneB)],
            "not: its volumes need [topology.kubernetes.io/zone In [zone-b]] but its node affinity requires [topology.kubernetes.io/zone In [zone-a]]"
        },
        {
            "pod's other requirements kept",
            [Term(ZoneAOrB, NodeSelectorRequirement.In(WellKnownLabels.Arch, "arm64"))], [Term(ZoneB)],
            "kubernetes.io/arch In [arm64]; topology.kubernetes.io/zone In [zone-b]"
        },
        {
            "pod terms OR volume terms: the combinations that can hold",
            [Term(ZoneA), Term(NodeSelectorRequirement.In(WellKnownLabels.Arch, "arm64"))], [Term(ZoneB)],
            "kubernetes.io/arch In [arm64]; topology.kubernetes.io/zone In [zone-b]"
        },
    };

    [Theory]
    [MemberData(nameof(Intersections))]
    public void Intersects_the_volumes_into_the_pods_terms(string because, RequirementSet[] podTerms, RequirementSet[] volumeTerms, string expected)
    {
        var pod = Pod("exec-1", terms: podTerms);

        var ok = VolumeTopology.TryApply(pod, new VolumeRequirements(volumeTerms), out var constrained, out var reason);

        (ok ? string.Join(" | ", constrained.RequirementTerms.Select(t => t.ToString())) : $"not: {reason}").Should().Be(expected, because);
    }

    [Fact]
    public void The_solver_launches_where_the_disk_is_although_the_other_zone_is_cheaper()
    {
        // SmallCatalog: zone-a is cheaper. The pod allows both zones; its disk is in zone-b.
        var objects = new Objects().Bound("data", "pv-1", [NodeSelectorRequirement.In(DiskZone, "zone-b")]);
        var pod = Pod("exec-1", terms: [Term(ZoneAOrB)]);
        var volumes = VolumeTopology.Resolve(pod.Pod, [PodVolumeClaim.Persistent("data", "data")], objects);
        VolumeTopology.TryApply(pod, volumes, out var constrained, out _).Should().BeTrue();

        var unconstrained = Solve(Snapshot([pod])).NewClaims.Should().ContainSingle().Subject;
        var claim = Solve(Snapshot([constrained])).NewClaims.Should().ContainSingle().Subject;

        unconstrained.Candidates[0].Offering.Zone.Should().Be("zone-a", "without its volume the pod goes to the cheaper zone");
        claim.Zones.Should().Equal("zone-b");
        claim.Candidates.Should().OnlyContain(c => c.Offering.Zone == "zone-b");
    }

    [Fact]
    public void A_volume_on_an_existing_node_refuses_the_pod_with_the_reason()
    {
        var objects = new Objects().Bound("data", "local-pv", [NodeSelectorRequirement.In("kubernetes.io/hostname", "node-7")]);
        var volumes = Resolve(objects, PodVolumeClaim.Persistent("data", "data"));

        VolumeTopology.TryApply(Pod("exec-1"), volumes, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("local-pv").And.Contain("node-7");
    }
}
