using k8s.Models;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class NodeCacheSourceTests
{
    [Fact]
    public void A_kubernetes_node_converts_to_what_the_extender_reads()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = "cn-hangzhou.i-bp1",
                Labels = new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot", ["node.kubernetes.io/instance-type"] = "ecs.g7.xlarge" },
                Annotations = new Dictionary<string, string> { ["schedext.io/spot-reclaim-at"] = "2026-11-24T03:00:00Z" },
            },
            Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "karpenter.sh/disrupted", Effect = "NoSchedule" }] },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3920m"), ["memory"] = new("14Gi"), ["pods"] = new("110") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
            },
        };

        var info = NodeCacheSource.ToNodeInfo(node);

        info.Name.Should().Be("cn-hangzhou.i-bp1");
        info.Labels.Should().Contain("karpenter.sh/capacity-type", "spot");
        info.Annotations.Should().ContainKey("schedext.io/spot-reclaim-at");
        info.Taints.Should().Equal(new NodeTaint("karpenter.sh/disrupted", null, "NoSchedule"));
        info.Conditions.Should().Equal(new NodeCondition("Ready", "True"));
        info.Allocatable.Should().Be(new ResourceAmounts(3920, 14L << 30));
    }

    [Fact]
    public void A_node_without_status_has_no_allocatable_and_empty_maps()
    {
        var info = NodeCacheSource.ToNodeInfo(new V1Node { Metadata = new V1ObjectMeta { Name = "new" } });

        info.Allocatable.Should().BeNull();
        info.Labels.Should().BeEmpty();
        info.Taints.Should().BeEmpty();
    }
}
