using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class NodeDriftTests
{
    private static readonly NodePool Launched = Pool() with
    {
        Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand"), NodeSelectorRequirement.In(WellKnownLabels.Arch, "amd64")],
        Taints = [new Taint("spark", "true", "NoSchedule")],
    };

    public static TheoryData<string, NodePool, string?, string?> Rows => new()
    {
        // name, pool now, node class hash now, drift reason expected (start)
        { "nothing changed", Launched, "class-1", null },
        { "disruption settings do not drift", Launched with { Weight = 5, Limits = NodePoolLimits.None, Disruption = Core.Config.Disruption.Default }, "class-1", null },
        { "a taint changed", Launched with { Taints = [new Taint("spark", "false", "NoSchedule")] }, "class-1", "nodepool default changed its template" },
        { "a label was added", Launched with { Labels = new Dictionary<string, string> { ["team"] = "data" } }, "class-1", "nodepool default changed its template" },
        { "the node class moved", Launched with { NodeClassRef = new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "other") }, "class-1", "nodepool default changed its template" },
        { "the node class changed", Launched, "class-2", "node class default changed" },
        { "spot no longer allowed", Launched with { Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")] }, "class-1", "label karpenter.sh/capacity-type=spot no longer satisfies" },
        { "arch no longer allowed", Launched with { Requirements = [NodeSelectorRequirement.NotIn(WellKnownLabels.Arch, "amd64")] }, "class-1", "label kubernetes.io/arch=amd64" },
        { "a requirement on a label the node lacks is left to the hash", Launched with { Requirements = [NodeSelectorRequirement.In("disk", "ssd")] }, "class-1", null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Detects_drift(string name, NodePool now, string? nodeClassHashNow, string? expected)
    {
        var node = Node("n"); // spot, amd64

        var why = NodeDrift.WhyDrifted(node, now, Stamped(NodeDrift.PoolHash(Launched)), StampedClass("class-1"), nodeClassHashNow);

        if (expected is null)
        {
            why.Should().BeNull(name);
        }
        else
        {
            why.Should().StartWith(expected, name);
        }
    }

    private static HashStamp Stamped(string hash) => new(hash, NodeDrift.PoolHashVersion);

    private static HashStamp StampedClass(string hash) => new(hash, NodeDrift.NodeClassHashVersion);

    private static readonly NodePool TaintChanged = Launched with { Taints = [new Taint("spark", "false", "NoSchedule")] };

    public static TheoryData<string, HashStamp, HashStamp, NodePool, string?> VersionRows => new()
    {
        // name, pool stamp, node class stamp (launched with "class-1"), pool now, drift reason expected (start)
        { "same version, pool changed", Stamped(NodeDrift.PoolHash(Launched)), StampedClass("class-1"), TaintChanged, "nodepool default changed its template" },
        { "same version, same hashes", Stamped(NodeDrift.PoolHash(Launched)), StampedClass("class-1"), Launched, null },
        { "older pool version, pool changed", new HashStamp(NodeDrift.PoolHash(Launched), "v0"), StampedClass("class-1"), TaintChanged, null },
        { "no pool version (stamped before versions), pool changed", new HashStamp(NodeDrift.PoolHash(Launched), null), StampedClass("class-1"), TaintChanged, null },
        { "older pool version, hashed another way", new HashStamp("0123456789abcdef", "v0"), StampedClass("class-1"), Launched, null },
        { "no pool hash at all", HashStamp.None, StampedClass("class-1"), TaintChanged, null },
        { "same class version, class changed", Stamped(NodeDrift.PoolHash(Launched)), StampedClass("class-0"), Launched, "node class default changed" },
        { "older class version, class changed", Stamped(NodeDrift.PoolHash(Launched)), new HashStamp("class-0", "v0"), Launched, null },
        { "no class version, class changed", Stamped(NodeDrift.PoolHash(Launched)), new HashStamp("class-0", null), Launched, null },
        { "older pool version does not shield the class", new HashStamp("0123456789abcdef", "v0"), StampedClass("class-0"), Launched, "node class default changed" },
        { "older versions do not shield the requirements", new HashStamp("x", "v0"), new HashStamp("y", "v0"), Launched with { Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")] }, "label karpenter.sh/capacity-type=spot" },
        // Claims Karpenter launched (taken over): karpenter.sh/nodepool-hash at Karpenter v1's version
        // v3, and its Alibaba provider's node class hash under karpenter.sh/ecsnodeclass-hash, a key
        // we do not read — so no node class stamp at all. Neither drifts the node, whatever changed.
        { "Karpenter's pool hash, pool changed", KarpenterPool, HashStamp.None, TaintChanged, null },
        { "Karpenter's claim, nothing changed", KarpenterPool, HashStamp.None, Launched, null },
        { "Karpenter's claim against requirements it breaks", KarpenterPool, HashStamp.None, Launched with { Requirements = [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")] }, "label karpenter.sh/capacity-type=spot" },
    };

    // Karpenter v1 (sigs.k8s.io/karpenter, NodePoolHashVersion "v3") hashes the template another way.
    private static readonly HashStamp KarpenterPool = new("6821555240594823858", "v3");

    [Fact]
    public void A_claim_Karpenter_stamped_is_restamped_by_pool_and_never_compared_by_node_class()
    {
        NodeDrift.Check(KarpenterPool, NodeDrift.PoolHashVersion).Should().Be(HashCheck.Restamp, "Karpenter's version must never equal ours, or every taken-over node would drift");
        NodeDrift.Check(HashStamp.None, NodeDrift.NodeClassHashVersion).Should().Be(HashCheck.NoHash);
        new[] { "v2", "v3" }.Should().NotContain(NodeDrift.PoolHashVersion, "the versions Karpenter v1beta1 and v1 stamp on karpenter.sh/nodepool-hash-version");
    }

    [Theory]
    [MemberData(nameof(VersionRows))]
    public void Compares_hashes_of_the_same_version_only(string name, HashStamp poolAtLaunch, HashStamp nodeClassAtLaunch, NodePool now, string? expected)
    {
        var why = NodeDrift.WhyDrifted(Node("n"), now, poolAtLaunch, nodeClassAtLaunch, "class-1");

        if (expected is null)
        {
            why.Should().BeNull(name);
        }
        else
        {
            why.Should().StartWith(expected, name);
        }
    }

    public static TheoryData<HashStamp, string, HashCheck> CheckRows => new()
    {
        { new HashStamp("abc", "v1"), "v1", HashCheck.Compare },
        { new HashStamp("abc", "v0"), "v1", HashCheck.Restamp },
        { new HashStamp("abc", "v2"), "v1", HashCheck.Restamp },
        { new HashStamp("abc", null), "v1", HashCheck.Restamp },
        { new HashStamp(null, "v1"), "v1", HashCheck.NoHash },
        { HashStamp.None, "v1", HashCheck.NoHash },
    };

    [Theory]
    [MemberData(nameof(CheckRows))]
    public void Checks_a_stamp_against_the_current_version(HashStamp stamp, string currentVersion, HashCheck expected) =>
        NodeDrift.Check(stamp, currentVersion).Should().Be(expected);

    [Fact]
    public void The_pool_hash_ignores_order()
    {
        var a = Launched with { Taints = [new Taint("a", null, "NoSchedule"), new Taint("b", null, "NoExecute")] };
        var b = Launched with { Taints = [new Taint("b", null, "NoExecute"), new Taint("a", null, "NoSchedule")] };

        NodeDrift.PoolHash(a).Should().Be(NodeDrift.PoolHash(b)).And.NotBe(NodeDrift.PoolHash(Launched));
    }

    private static readonly EcsNodeClass Class = new(
        "default",
        [new SelectorTerm(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "data" }, null)],
        [new SelectorTerm(new Dictionary<string, string>(), "sg-1")],
        [new ImageSelectorTerm("AlibabaCloudLinux3", null)],
        new SystemDisk(["cloud_essd"], "PL0", 40),
        new Dictionary<string, string> { ["owner"] = "spark" },
        "#!/bin/sh");

    public static TheoryData<string, EcsNodeClass, bool> NodeClassRows => new()
    {
        // name, node class now, hash expected to change
        { "nothing changed", Class, false },
        { "the same tags in another order", Class with { VSwitchSelectorTerms = [new SelectorTerm(new Dictionary<string, string> { ["team"] = "data", ["env"] = "prod" }, null)] }, false },
        { "a vSwitch term changed", Class with { VSwitchSelectorTerms = [new SelectorTerm(new Dictionary<string, string>(), "vsw-1")] }, true },
        { "a security group changed", Class with { SecurityGroupSelectorTerms = [new SelectorTerm(new Dictionary<string, string>(), "sg-2")] }, true },
        { "the image changed", Class with { ImageSelectorTerms = [new ImageSelectorTerm("ContainerOS", null)] }, true },
        { "the disk grew", Class with { SystemDisk = new SystemDisk(["cloud_essd"], "PL0", 80) }, true },
        { "the disk is no longer set", Class with { SystemDisk = null }, true },
        { "a tag changed", Class with { Tags = new Dictionary<string, string> { ["owner"] = "etl" } }, true },
        { "the user data changed", Class with { UserData = "#!/bin/bash" }, true },
        { "the user data was removed", Class with { UserData = null }, true },
        { "a kubelet configuration was set", Class with { Kubelet = new KubeletConfiguration { MaxPods = 20 } }, true },
        { "an empty kubelet configuration", Class with { Kubelet = null }, false },
        { "a kubelet reservation changed", WithKubelet(new KubeletConfiguration { MaxPods = 20, KubeReserved = Sorted(("cpu", "200m"), ("memory", "1Gi")) }), true },
        { "an eviction threshold changed", WithKubelet(Kubelet with { EvictionHard = Sorted(("memory.available", "500Mi")) }), true },
        { "a vSwitch id moved to the security groups", Class with { VSwitchSelectorTerms = [], SecurityGroupSelectorTerms = [.. Class.SecurityGroupSelectorTerms, .. Class.VSwitchSelectorTerms] }, true },
    };

    [Theory]
    [MemberData(nameof(NodeClassRows))]
    public void The_node_class_hash_changes_with_what_launches_nodes(string name, EcsNodeClass now, bool changes)
    {
        var hash = NodeDrift.NodeClassHash(now);

        hash.Should().HaveLength(16, name).And.MatchRegex("^[0-9a-f]+$");
        (hash != NodeDrift.NodeClassHash(Class)).Should().Be(changes, name);
    }

    private static readonly KubeletConfiguration Kubelet = new()
    {
        MaxPods = 20,
        ClusterDns = ["10.0.0.1", "10.0.0.2"],
        KubeReserved = Sorted(("memory", "1Gi"), ("cpu", "200m")),
        EvictionHard = Sorted(("memory.available", "300Mi")),
    };

    private static EcsNodeClass WithKubelet(KubeletConfiguration kubelet) => Class with { Kubelet = kubelet };

    private static SortedDictionary<string, string> Sorted(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    public static TheoryData<string, KubeletConfiguration, bool> KubeletRows => new()
    {
        // name, kubelet configuration now (launched under Kubelet), drifted
        { "the same settings, maps written in another order", Kubelet with { KubeReserved = Sorted(("cpu", "200m"), ("memory", "1Gi")) }, false },
        { "maxPods changed", Kubelet with { MaxPods = 30 }, true },
        { "systemReserved added", Kubelet with { SystemReserved = Sorted(("memory", "2Gi")) }, true },
        { "evictionHard changed", Kubelet with { EvictionHard = Sorted(("memory.available", "10%")) }, true },
        { "a soft threshold added", Kubelet with { EvictionSoft = Sorted(("memory.available", "1Gi")), EvictionSoftGracePeriod = Sorted(("memory.available", "1m")) }, true },
        { "image GC thresholds set", Kubelet with { ImageGcHighThresholdPercent = 90, ImageGcLowThresholdPercent = 70 }, true },
        { "the cluster DNS order changed (the kubelet tries them in order)", Kubelet with { ClusterDns = ["10.0.0.2", "10.0.0.1"] }, true },
        { "cpuCFSQuota turned off", Kubelet with { CpuCfsQuota = false }, true },
    };

    [Theory]
    [MemberData(nameof(KubeletRows))]
    public void A_changed_kubelet_configuration_drifts_nodes_launched_under_the_old_one(string name, KubeletConfiguration now, bool drifted)
    {
        var node = Node("n");
        var launched = new HashStamp(NodeDrift.NodeClassHash(WithKubelet(Kubelet)), NodeDrift.NodeClassHashVersion);

        var why = NodeDrift.WhyDrifted(node, Launched, Stamped(NodeDrift.PoolHash(Launched)), launched, NodeDrift.NodeClassHash(WithKubelet(now)));

        if (drifted)
        {
            why.Should().Be("node class default changed since the node was launched", name);
        }
        else
        {
            why.Should().BeNull(name);
        }
    }
}
