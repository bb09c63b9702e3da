using k8s;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeClaimStoreTests
{
    private static readonly NodePool Pool = new(
        "ecsnodepool", new Dictionary<string, string> { ["team"] = "spark" }, [],
        [new Taint("dedicated", "spark", "NoSchedule")], [new Taint("agent-not-ready", null, "NoExecute")], null,
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);

    private static readonly NodeClaimSpec Spec = new(
        "ecsnodepool", ["ecs.u1-c1m2.4xlarge", "ecs.e-c1m2.2xlarge"], [CapacityType.Spot, CapacityType.OnDemand], ["cn-shenzhen-d"],
        new ResourceAmounts(20_000, 20L * 896 * 1024 * 1024, 0, 20));

    private static readonly EcsNodeClass NodeClass = new(
        "defaultnodeclass", [new SelectorTerm(new Dictionary<string, string>(), "vsw-1")], [new SelectorTerm(new Dictionary<string, string>(), "sg-1")],
        [new ImageSelectorTerm("AlibabaCloudLinux3", null)], null, new Dictionary<string, string>(), null);

    [Fact]
    public async Task A_claim_round_trips_through_the_API_with_its_spec_status_labels_and_finalizer()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var store = new NodeClaimStore(client);

        var created = await store.CreateAsync(NodeClaimJson.New(Spec, Pool, NodeClass), CancellationToken.None);
        var now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await store.PatchLabelsAsync(created.Name, new Dictionary<string, string> { [WellKnownLabels.InstanceType] = "ecs.u1-c1m2.4xlarge" }, CancellationToken.None);
        await store.PatchStatusAsync(created.Name, NodeClaimJson.Status("cn-shenzhen.i-1", "node-1", "m-1", new ResourceAmounts(16_000, 32L << 30, 20L << 30, 110), null,
            [new NodeClaimCondition(NodeClaimCondition.Launched, "True", "Launched", "ok", now)]), CancellationToken.None);
        var read = (await store.ListAsync((_, e) => throw e, CancellationToken.None)).Single();

        created.Name.Should().StartWith("ecsnodepool-").And.NotBe("ecsnodepool-");
        read.Spec.Should().BeEquivalentTo(Spec, o => o.WithStrictOrdering());
        read.NodeClassRef.Name.Should().Be("defaultnodeclass");
        read.Taints.Should().Equal(Pool.Taints);
        read.StartupTaints.Should().Equal(Pool.StartupTaints);
        read.Labels.Should().Contain(WellKnownLabels.NodePool, "ecsnodepool").And.Contain(WellKnownLabels.InstanceType, "ecs.u1-c1m2.4xlarge");
        read.Finalizers.Should().Equal(NodeClaimResource.TerminationFinalizer);
        read.Annotations.Should().Contain(NodeClaimResource.PoolHashAnnotation, NodeDrift.PoolHash(Pool))
            .And.Contain(NodeClaimResource.NodeClassHashAnnotation, NodeDrift.NodeClassHash(NodeClass))
            .And.Contain(NodeClaimResource.PoolHashVersionAnnotation, NodeDrift.PoolHashVersion)
            .And.Contain(NodeClaimResource.NodeClassHashVersionAnnotation, NodeDrift.NodeClassHashVersion);
        read.ProviderId.Should().Be("cn-shenzhen.i-1");
        read.NodeName.Should().Be("node-1");
        read.Capacity.Should().Be(new ResourceAmounts(16_000, 32L << 30, 20L << 30, 110));
        read.Conditions.Should().Equal(new NodeClaimCondition(NodeClaimCondition.Launched, "True", "Launched", "ok", now));
        read.IsTrue(NodeClaimCondition.Launched).Should().BeTrue();
        read.Observe().LaunchedAt.Should().Be(now);
        read.IsTrue(NodeClaimCondition.Registered).Should().BeFalse();
    }

    [Fact]
    public async Task The_pools_terminationGracePeriod_round_trips_through_the_API_as_a_Go_duration_and_is_absent_when_the_pool_sets_none()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var store = new NodeClaimStore(client);
        var gracePeriod = TimeSpan.FromMinutes(90);

        var with = NodeClaimJson.New(Spec, Pool with { TerminationGracePeriod = gracePeriod }, null);
        var without = NodeClaimJson.New(Spec, Pool, null);
        var withName = (await store.CreateAsync(with, CancellationToken.None)).Name;
        var withoutName = (await store.CreateAsync(without, CancellationToken.None)).Name;
        var read = (await store.ListAsync((_, e) => throw e, CancellationToken.None)).ToDictionary(c => c.Name);

        with["spec"]!["terminationGracePeriod"]!.GetValue<string>().Should().Be("1h30m0s", "Karpenter's field, in the form Go writes a duration");
        ((System.Text.Json.Nodes.JsonObject)without["spec"]!).Should().NotContainKey("terminationGracePeriod");
        read[withName].TerminationGracePeriod.Should().Be(gracePeriod);
        read[withoutName].TerminationGracePeriod.Should().BeNull();
        read.Values.Should().OnlyContain(c => c.UnreadableTerminationGracePeriod == null);
    }

    [Fact]
    public void A_fraction_of_a_second_is_rounded_up_to_what_the_CRD_admits()
    {
        var claim = NodeClaimJson.New(Spec, Pool with { TerminationGracePeriod = TimeSpan.FromMilliseconds(61_500) }, null);

        claim["spec"]!["terminationGracePeriod"]!.GetValue<string>().Should().MatchRegex("^([0-9]+(s|m|h))+$").And.Be("1m2s");
    }

    [Theory]
    [InlineData("\"soon\"", "soon")]
    [InlineData("\"-5m\"", "-5m")]
    [InlineData("300", "300")]
    public void An_unreadable_terminationGracePeriod_counts_as_absent_and_is_kept_for_the_report(string json, string reported)
    {
        var claim = NodeClaimJson.New(Spec, Pool with { TerminationGracePeriod = TimeSpan.FromMinutes(5) }, null);
        claim["metadata"]!["name"] = "ecsnodepool-abcde";
        claim["spec"]!["terminationGracePeriod"] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var read = NodeClaimJson.Parse(claim);

        read.TerminationGracePeriod.Should().BeNull();
        read.UnreadableTerminationGracePeriod.Should().Be(reported);
    }

    [Fact]
    public async Task Deletion_waits_for_our_finalizer()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var store = new NodeClaimStore(client);
        var created = await store.CreateAsync(NodeClaimJson.New(Spec, Pool, null), CancellationToken.None);

        await store.DeleteAsync(created.Name, CancellationToken.None);
        var deleting = (await store.ListAsync((_, e) => throw e, CancellationToken.None)).Single();
        await store.RemoveFinalizerAsync(deleting, CancellationToken.None);

        deleting.Deleting.Should().BeTrue();
        deleting.Observe().Deleting.Should().BeTrue();
        (await store.ListAsync((_, e) => throw e, CancellationToken.None)).Should().BeEmpty();
        await store.Invoking(s => s.DeleteAsync(created.Name, CancellationToken.None)).Should().NotThrowAsync("a claim already gone counts as deleted");
    }

    [Fact]
    public void A_claim_without_a_node_pool_is_rejected_with_its_name()
    {
        var claim = NodeClaimJson.New(Spec, Pool, null);
        claim["metadata"]!["name"] = "orphan";
        ((System.Text.Json.Nodes.JsonObject)claim["metadata"]!).Remove("labels");
        ((System.Text.Json.Nodes.JsonArray)claim["spec"]!["requirements"]!).RemoveAt(0);

        var act = () => NodeClaimJson.Parse(claim);

        act.Should().Throw<FormatException>().WithMessage("*orphan*node pool*");
    }
}
