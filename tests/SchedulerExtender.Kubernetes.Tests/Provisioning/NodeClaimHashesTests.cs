using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeClaimHashesTests
{
    private static readonly NodePool Pool = new(
        "pool", new Dictionary<string, string>(), [], [new Taint("dedicated", "spark", "NoSchedule")], [], null,
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);

    private static readonly EcsNodeClass NodeClass = new(
        "defaultnodeclass", [new SelectorTerm(new Dictionary<string, string>(), "vsw-1")], [new SelectorTerm(new Dictionary<string, string>(), "sg-1")],
        [new ImageSelectorTerm("AlibabaCloudLinux3", null)], null, new Dictionary<string, string>(), null);

    private static NodeClaimResource Claim(Dictionary<string, string> annotations) => new(
        "pool-a", DateTimeOffset.UnixEpoch, false, [], new Dictionary<string, string>(), Pool.NodeClassRef,
        new NodeClaimSpec("pool", [], [], [], ResourceAmounts.Zero), [], [], null, null, null, null, [])
    {
        Annotations = annotations,
    };

    private const string PoolHash = NodeClaimResource.PoolHashAnnotation;
    private const string PoolVersion = NodeClaimResource.PoolHashVersionAnnotation;
    private const string ClassHash = NodeClaimResource.NodeClassHashAnnotation;
    private const string ClassVersion = NodeClaimResource.NodeClassHashVersionAnnotation;

    [Fact]
    public void A_claim_launched_now_needs_no_restamp_and_reads_back_its_stamps()
    {
        var claim = Claim(new Dictionary<string, string>(NodeClaimHashes.Current(Pool, NodeClass)));

        NodeClaimHashes.Restamp(claim, Pool, NodeClass).Should().BeEmpty();
        NodeClaimHashes.PoolStamp(claim).Should().Be(new HashStamp(NodeDrift.PoolHash(Pool), NodeDrift.PoolHashVersion));
        NodeClaimHashes.NodeClassStamp(claim).Should().Be(new HashStamp(NodeDrift.NodeClassHash(NodeClass), NodeDrift.NodeClassHashVersion));
    }

    [Fact]
    public void A_claim_stamped_before_versions_gets_the_current_hashes_and_versions()
    {
        var claim = Claim(new Dictionary<string, string> { [PoolHash] = "old-pool", [ClassHash] = "old-class" });

        NodeClaimHashes.Restamp(claim, Pool, NodeClass).Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            [PoolHash] = NodeDrift.PoolHash(Pool),
            [PoolVersion] = NodeDrift.PoolHashVersion,
            [ClassHash] = NodeDrift.NodeClassHash(NodeClass),
            [ClassVersion] = NodeDrift.NodeClassHashVersion,
        });
    }

    [Fact]
    public void Only_the_hash_of_another_version_is_restamped()
    {
        var claim = Claim(new Dictionary<string, string>
        {
            [PoolHash] = "old-pool", [PoolVersion] = "v0", [ClassHash] = "changed-class", [ClassVersion] = NodeDrift.NodeClassHashVersion,
        });

        NodeClaimHashes.Restamp(claim, Pool, NodeClass).Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            [PoolHash] = NodeDrift.PoolHash(Pool),
            [PoolVersion] = NodeDrift.PoolHashVersion,
        }, "a node class hash of the current version is compared, so its change still drifts the node");
    }

    [Fact]
    public void No_hash_is_added_where_none_was_stamped_and_an_unknown_node_class_is_left()
    {
        NodeClaimHashes.Restamp(Claim([]), Pool, NodeClass).Should().BeEmpty();
        NodeClaimHashes.Restamp(Claim(new Dictionary<string, string> { [ClassHash] = "old-class" }), Pool, null).Should().BeEmpty();
    }
}
