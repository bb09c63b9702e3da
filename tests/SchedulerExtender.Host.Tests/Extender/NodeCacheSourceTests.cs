using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Testing;

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

        var info = NodeCacheSource.ToNodeInfo(node, NodeFieldSelection.All);

        info.Name.Should().Be("cn-hangzhou.i-bp1");
        info.Labels.Should().Contain("karpenter.sh/capacity-type", "spot");
        info.Annotations.Should().ContainKey("schedext.io/spot-reclaim-at");
        info.Taints.Should().Equal(new NodeTaint("karpenter.sh/disrupted", null, "NoSchedule"));
        info.Conditions.Should().Equal(new NodeCondition("Ready", "True"));
        info.Allocatable.Should().Be(new ResourceAmounts(3920, 14L << 30));
    }

    [Fact]
    public void The_cache_keeps_only_the_labels_annotations_and_conditions_the_extender_reads()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = "n",
                Labels = new Dictionary<string, string>
                {
                    ["node.example.com/lifecycle"] = "preemptible",
                    ["karpenter.sh/capacity-type"] = "spot",
                    ["topology.kubernetes.io/zone"] = "cn-hangzhou-h",
                    ["beta.kubernetes.io/instance-type"] = "ecs.g7.xlarge",
                    ["kubernetes.io/hostname"] = "n",
                },
                Annotations = new Dictionary<string, string> { ["schedext.io/spot-reclaim-at"] = "2026-11-24T03:00:00Z", ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Status = new V1NodeStatus
            {
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }, new V1NodeCondition { Type = "SpotInterruption", Status = "True" }],
            },
        };

        var info = NodeCacheSource.ToNodeInfo(node, NodeFieldSelection.ReadBy(new SpotNodeRule("node.example.com/lifecycle", ["preemptible"])));

        info.Labels.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["node.example.com/lifecycle"] = "preemptible",
            ["topology.kubernetes.io/zone"] = "cn-hangzhou-h",
            ["beta.kubernetes.io/instance-type"] = "ecs.g7.xlarge",
        });
        info.Annotations.Keys.Should().Equal("schedext.io/spot-reclaim-at");
        info.Conditions.Should().Equal(new NodeCondition("SpotInterruption", "True"));
        NodeLabels.InstanceTypeOf(info).Should().Be("ecs.g7.xlarge", "the beta spelling is read when the GA label is absent");
    }

    [Fact]
    public void A_node_without_status_has_no_allocatable_and_empty_maps()
    {
        var info = NodeCacheSource.ToNodeInfo(new V1Node { Metadata = new V1ObjectMeta { Name = "new" } }, NodeFieldSelection.ReadBy(SpotNodeRule.Default));

        info.Allocatable.Should().BeNull();
        info.Labels.Should().BeEmpty();
        info.Taints.Should().BeEmpty();
    }

    [Fact]
    public async Task Names_are_found_by_utf8_converted_once_per_node_version_and_follow_the_cache()
    {
        var source = new ScriptedNodes(Node("n1", "spot"), Node("n2", "on-demand"));
        await using var cache = new NodeCache(new ListWatchCache<V1Node>(source));
        await cache.StartAsync(CancellationToken.None);
        await cache.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var nodes = new NodeCacheSource(cache, SpotNodeRule.Default);

        var first = nodes.FindUtf8("n1"u8);
        first!.Info.Labels.Should().Contain("karpenter.sh/capacity-type", "spot");
        first.CapacityType.Should().Be(CapacityType.Spot, "kept by the extender's spot rule");
        nodes.FindUtf8("n1"u8).Should().BeSameAs(first, "an unchanged node is not converted again");
        nodes.Find("n1").Should().BeSameAs(first);
        nodes.FindUtf8("n3"u8).Should().BeNull();

        // Another node changes: n1 is still the same version.
        await source.Send(WatchEventType.Modified, Node("n2", "spot"));
        await Eventually.HoldsAsync(() => nodes.FindUtf8("n2"u8)?.CapacityType == CapacityType.Spot, "the cache applied the watch event");
        nodes.FindUtf8("n1"u8).Should().BeSameAs(first);

        await source.Send(WatchEventType.Modified, Node("n1", "on-demand"));
        await Eventually.HoldsAsync(() => nodes.FindUtf8("n1"u8)?.CapacityType == CapacityType.OnDemand, "the cache applied the watch event");

        await source.Send(WatchEventType.Deleted, Node("n1", "on-demand"));
        await Eventually.HoldsAsync(() => nodes.FindUtf8("n1"u8) is null, "the cache applied the watch event");
        nodes.Find("n1").Should().BeNull();

        await source.Send(WatchEventType.Added, Node("n1", "spot"));
        await Eventually.HoldsAsync(() => nodes.Find("n1")?.CapacityType == CapacityType.Spot, "a node back under a removed name is found again");
    }

    [Fact]
    public async Task A_source_made_before_the_cache_lists_is_filled_by_the_list_and_finds_many_names_at_once()
    {
        var source = new ScriptedNodes(Node("n1", "spot"), Node("n2", "on-demand"));
        await using var cache = new NodeCache(new ListWatchCache<V1Node>(source));
        var nodes = new NodeCacheSource(cache, SpotNodeRule.Default);
        nodes.Find("n1").Should().BeNull("nothing is known before the first list");

        await cache.StartAsync(CancellationToken.None);
        await cache.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var found = new CachedNode?[3];
        nodes.FindAllUtf8("n2n3n1"u8, [2, 4, 6], found);
        found.Select(n => n?.Name).Should().Equal("n2", null, "n1");
    }

    private static V1Node Node(string name, string capacityType) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1", Labels = new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = capacityType } },
    };

    /// <summary>Lists the given nodes, then streams whatever events the test sends.</summary>
    private sealed class ScriptedNodes(params V1Node[] listed) : IListWatchSource<V1Node>
    {
        private readonly Channel<(WatchEventType, V1Node)> events = Channel.CreateUnbounded<(WatchEventType, V1Node)>();

        public string Description => "scripted nodes";

        public ValueTask Send(WatchEventType type, V1Node node) => events.Writer.WriteAsync((type, node));

        public Task<ListWatchSnapshot<V1Node>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new ListWatchSnapshot<V1Node>(listed, "1"));

        public async IAsyncEnumerable<(WatchEventType Type, V1Node Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var e in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
    }
}
