using k8s;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Kubernetes.Tests.Config;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

/// <summary>The status writer against the embedded API: the seed NodePool and ECSNodeClass as custom objects, NodeClaims beside them.</summary>
public sealed class ProvisioningStatusControllerTests
{
    private static readonly ListWatchCacheOptions FastRetry = new() { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) };
    private static readonly ResourceAmounts Instance = new(4_000, 16L << 30, 20L << 30, 110);

    [Fact]
    public async Task A_pool_shows_its_claims_and_is_ready_and_an_unchanged_pass_writes_nothing()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.NodePools, null, Seed("nodepool.yaml"));
        api.Store.Create(KubeResources.EcsNodeClasses, null, Seed("nodeclass.yaml"));
        using var client = KubeClients.For(api);
        var store = new NodeClaimStore(client);
        await CreateClaimAsync(store, "ecsnodepool", Instance);
        var planned = await CreateClaimAsync(store, "ecsnodepool", capacity: null);
        await using var cluster = new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), FastRetry);
        await using var claims = await StartedClaimCacheAsync(client);
        var controller = new ProvisioningStatusController(client, cluster, claims, new FakeResolver(), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<ProvisioningStatusController>.Instance);

        (await controller.ReconcileOnceAsync(CancellationToken.None)).Should().Be(2, "the class and the pool had no status");

        var pool = Status(api, KubeResources.NodePools, "ecsnodepool");
        // 4 CPU launched + 2 CPU planned (the claim's requests until it launches).
        pool["resources"]!["nodes"]!.GetValue<string>().Should().Be("2");
        pool["resources"]!["cpu"]!.GetValue<string>().Should().Be("6");
        pool["resources"]!["memory"]!.GetValue<string>().Should().Be("20Gi");
        pool["resources"]!["ephemeral-storage"]!.GetValue<string>().Should().Be("20Gi");
        Condition(pool, "ValidationSucceeded").Should().Be("True");
        Condition(pool, "NodeClassReady").Should().Be("True");
        Condition(pool, "Ready").Should().Be("True");
        var nodeClass = Status(api, KubeResources.EcsNodeClasses, "defaultnodeclass");
        nodeClass["vSwitches"]!.ToJsonString().Should().Be("""[{"id":"vsw-d","zoneID":"cn-shenzhen-d"}]""");
        nodeClass["securityGroups"]!.ToJsonString().Should().Be("""[{"id":"sg-1"}]""");
        nodeClass["images"]![0]!["id"]!.GetValue<string>().Should().Be("m-containeros");
        Condition(nodeClass, "Ready").Should().Be("True");

        // Once the watch shows what was written, a pass with nothing changed writes nothing.
        var versions = (Version(api, KubeResources.NodePools, "ecsnodepool"), Version(api, KubeResources.EcsNodeClasses, "defaultnodeclass"));
        await Eventually.HoldsAsync(async () =>
        {
            var (pools, classes) = await cluster.ObjectsAsync(CancellationToken.None);
            return (pools.Single().Metadata.ResourceVersion, classes.Single().Metadata.ResourceVersion) == versions;
        }, "the written status reaches the watch cache");

        (await controller.ReconcileOnceAsync(CancellationToken.None)).Should().Be(0);
        (Version(api, KubeResources.NodePools, "ecsnodepool"), Version(api, KubeResources.EcsNodeClasses, "defaultnodeclass")).Should().Be(versions);

        // A claim gone: the pool's resources follow, its conditions keep their transition time.
        var readySince = Status(api, KubeResources.NodePools, "ecsnodepool")["conditions"]!.ToJsonString();
        await store.RemoveFinalizerAsync((await store.ListAsync((_, e) => throw e, CancellationToken.None)).Single(c => c.Name == planned), CancellationToken.None);
        await store.DeleteAsync(planned, CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(claims.Claims.Count == 1), "the claim cache sees the claim gone");

        (await controller.ReconcileOnceAsync(CancellationToken.None)).Should().Be(1, "only the pool changed");
        pool = Status(api, KubeResources.NodePools, "ecsnodepool");
        pool["resources"]!["nodes"]!.GetValue<string>().Should().Be("1");
        pool["resources"]!["cpu"]!.GetValue<string>().Should().Be("4");
        pool["conditions"]!.ToJsonString().Should().Be(readySince);
    }

    [Fact]
    public async Task A_class_matching_nothing_a_missing_class_and_an_invalid_pool_are_not_ready_with_reasons()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.NodePools, null, Seed("nodepool.yaml"));
        var broken = Seed("nodeclass.yaml");
        broken["spec"]!["vSwitchSelectorTerms"] = JsonNode.Parse("""[{"tags":{"karpenter.sh/discovery":"no-such-cluster"}}]""");
        api.Store.Create(KubeResources.EcsNodeClasses, null, broken);
        var orphan = Seed("nodepool.yaml");
        orphan["metadata"] = new JsonObject { ["name"] = "orphan" };
        orphan["spec"]!["template"]!["spec"]!["nodeClassRef"]!["name"] = "missing";
        api.Store.Create(KubeResources.NodePools, null, orphan);
        var invalid = Seed("nodepool.yaml");
        invalid["metadata"] = new JsonObject { ["name"] = "invalid" };
        invalid["spec"]!["weight"] = "heavy";
        api.Store.Create(KubeResources.NodePools, null, invalid);
        using var client = KubeClients.For(api);
        await using var cluster = new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), FastRetry);
        await using var claims = await StartedClaimCacheAsync(client);
        var controller = new ProvisioningStatusController(client, cluster, claims, new FakeResolver(), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<ProvisioningStatusController>.Instance);

        (await controller.ReconcileOnceAsync(CancellationToken.None)).Should().Be(4);

        var nodeClass = Status(api, KubeResources.EcsNodeClasses, "defaultnodeclass");
        Condition(nodeClass, "Ready").Should().Be("False");
        Message(nodeClass, "Ready").Should().Contain("vSwitchSelectorTerms match no vSwitch");
        nodeClass["vSwitches"]!.AsArray().Should().BeEmpty();
        var pool = Status(api, KubeResources.NodePools, "ecsnodepool");
        (Condition(pool, "ValidationSucceeded"), Condition(pool, "NodeClassReady"), Condition(pool, "Ready")).Should().Be(("True", "False", "False"));
        Message(pool, "NodeClassReady").Should().Contain("vSwitchSelectorTerms match no vSwitch");
        pool["resources"]!["nodes"]!.GetValue<string>().Should().Be("0");
        var orphanStatus = Status(api, KubeResources.NodePools, "orphan");
        (Condition(orphanStatus, "NodeClassReady"), Condition(orphanStatus, "Ready")).Should().Be(("False", "False"));
        Message(orphanStatus, "NodeClassReady").Should().Contain("\"missing\" not found");
        var invalidStatus = Status(api, KubeResources.NodePools, "invalid");
        (Condition(invalidStatus, "ValidationSucceeded"), Condition(invalidStatus, "Ready")).Should().Be(("False", "False"));
        Message(invalidStatus, "ValidationSucceeded").Should().Contain("weight");
    }

    [Fact]
    public async Task Nodes_that_do_not_join_turn_NodeRegistrationHealthy_false_and_a_changed_pool_starts_again()
    {
        await using var seeded = await SeededCluster.StartAsync();
        var (api, cluster) = (seeded.Api, seeded.Cluster);
        var history = new NodeRegistrationHistory();
        var controller = seeded.Writer(history);

        await controller.ReconcileOnceAsync(CancellationToken.None);
        Condition(Status(api, KubeResources.NodePools, "ecsnodepool"), "NodeRegistrationHealthy").Should().Be("Unknown");
        await PoolWriteSeenAsync(api, cluster);

        TwoClaimsDidNotJoin(history);

        await controller.ReconcileOnceAsync(CancellationToken.None);
        var pool = Status(api, KubeResources.NodePools, "ecsnodepool");
        (Condition(pool, "NodeRegistrationHealthy"), Condition(pool, "Ready")).Should().Be(("False", "True"), "a pool whose nodes do not join still provisions");
        Message(pool, "NodeRegistrationHealthy").Should().Contain("ecsnodepool-b: no Node within 15m0s");
        await PoolWriteSeenAsync(api, cluster);

        // The operator fixes the pool (a new generation): what failed before no longer counts.
        var changed = api.Store.Get(KubeResources.NodePools, null, "ecsnodepool");
        changed["spec"]!["weight"] = 7;
        api.Store.Update(KubeResources.NodePools, null, "ecsnodepool", changed);
        await Eventually.HoldsAsync(async () => (await cluster.ObjectsAsync(CancellationToken.None)).NodePools.Single().Metadata.Generation == 2, "the watch sees the new generation");

        await controller.ReconcileOnceAsync(CancellationToken.None);
        Condition(Status(api, KubeResources.NodePools, "ecsnodepool"), "NodeRegistrationHealthy").Should().Be("Unknown");
        history.Of("ecsnodepool").Should().BeEmpty();
    }

    [Fact]
    public async Task A_changed_node_class_starts_NodeRegistrationHealthy_again()
    {
        await using var seeded = await SeededCluster.StartAsync();
        var (api, cluster) = (seeded.Api, seeded.Cluster);
        var history = new NodeRegistrationHistory();
        var controller = seeded.Writer(history);
        TwoClaimsDidNotJoin(history);

        await controller.ReconcileOnceAsync(CancellationToken.None);
        Condition(Status(api, KubeResources.NodePools, "ecsnodepool"), "NodeRegistrationHealthy").Should().Be("False");
        await PoolWriteSeenAsync(api, cluster);

        // The operator fixes the class (say its security groups): the pool itself does not change.
        var nodeClass = api.Store.Get(KubeResources.EcsNodeClasses, null, "defaultnodeclass");
        nodeClass["spec"]!["systemDisk"]!["size"] = 40;
        api.Store.Update(KubeResources.EcsNodeClasses, null, "defaultnodeclass", nodeClass);
        await Eventually.HoldsAsync(async () => (await cluster.ObjectsAsync(CancellationToken.None)).NodeClasses.Single().Metadata.Generation == 2, "the watch sees the new class");

        await controller.ReconcileOnceAsync(CancellationToken.None);
        var pool = Status(api, KubeResources.NodePools, "ecsnodepool");
        Condition(pool, "NodeRegistrationHealthy").Should().Be("Unknown");
        Message(pool, "NodeRegistrationHealthy").Should().Contain("node class");
        history.Of("ecsnodepool").Should().BeEmpty();
        pool["nodeClassObservedGeneration"]!.GetValue<long>().Should().Be(2);
    }

    [Fact]
    public async Task A_node_class_changed_while_no_writer_ran_is_noticed_from_the_pool_status()
    {
        await using var seeded = await SeededCluster.StartAsync();
        var (api, cluster) = (seeded.Api, seeded.Cluster);
        var before = new NodeRegistrationHistory();
        TwoClaimsDidNotJoin(before);
        await seeded.Writer(before).ReconcileOnceAsync(CancellationToken.None);
        var written = Status(api, KubeResources.NodePools, "ecsnodepool");
        (Condition(written, "NodeRegistrationHealthy"), written["nodeClassObservedGeneration"]!.GetValue<long>()).Should().Be(("False", 1L));

        // The leader goes away; the class is fixed; a new leader starts with no outcomes of its own.
        var nodeClass = api.Store.Get(KubeResources.EcsNodeClasses, null, "defaultnodeclass");
        nodeClass["spec"]!["systemDisk"]!["size"] = 40;
        api.Store.Update(KubeResources.EcsNodeClasses, null, "defaultnodeclass", nodeClass);
        await Eventually.HoldsAsync(async () =>
        {
            var (pools, classes) = await cluster.ObjectsAsync(CancellationToken.None);
            return classes.Single().Metadata.Generation == 2 && pools.Single().Metadata.ResourceVersion == Version(api, KubeResources.NodePools, "ecsnodepool");
        }, "the watch sees the new class and the written pool status");

        await seeded.Writer(new NodeRegistrationHistory()).ReconcileOnceAsync(CancellationToken.None);
        Condition(Status(api, KubeResources.NodePools, "ecsnodepool"), "NodeRegistrationHealthy").Should().Be("Unknown", "the status was written for generation 1 of the class");
    }

    /// <summary>The seed's pool and class in an embedded API, watched, with the claim cache started.</summary>
    private sealed class SeededCluster : IAsyncDisposable
    {
        private readonly IKubernetes _client;
        private readonly NodeClaimCache _claims;

        private SeededCluster(EmbeddedKubeApi api, IKubernetes client, ClusterProvisioningConfig cluster, NodeClaimCache claims) =>
            (Api, _client, Cluster, _claims) = (api, client, cluster, claims);

        public EmbeddedKubeApi Api { get; }

        public ClusterProvisioningConfig Cluster { get; }

        public static async Task<SeededCluster> StartAsync()
        {
            var api = await EmbeddedKubeApi.StartAsync();
            api.Store.Create(KubeResources.NodePools, null, Seed("nodepool.yaml"));
            api.Store.Create(KubeResources.EcsNodeClasses, null, Seed("nodeclass.yaml"));
            var client = KubeClients.For(api);
            return new SeededCluster(api, client, new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), FastRetry), await StartedClaimCacheAsync(client));
        }

        /// <summary>A status writer (as a new leader: nothing seen yet) reporting <paramref name="history"/>.</summary>
        public ProvisioningStatusController Writer(NodeRegistrationHistory history) =>
            new(_client, Cluster, _claims, new FakeResolver(), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<ProvisioningStatusController>.Instance, history);

        public async ValueTask DisposeAsync()
        {
            await _claims.DisposeAsync();
            await Cluster.DisposeAsync();
            _client.Dispose();
            await Api.DisposeAsync();
        }
    }

    private static void TwoClaimsDidNotJoin(NodeRegistrationHistory history)
    {
        foreach (var claim in new[] { "ecsnodepool-a", "ecsnodepool-b" })
        {
            history.Record("ecsnodepool", new RegistrationOutcome(claim, false, "no Node within 15m0s of creation", DateTimeOffset.UtcNow));
        }
    }

    // The controller skips a pool whose last write its watch has not shown yet.
    private static Task PoolWriteSeenAsync(EmbeddedKubeApi api, ClusterProvisioningConfig cluster)
    {
        var written = Version(api, KubeResources.NodePools, "ecsnodepool");
        return Eventually.HoldsAsync(async () => (await cluster.ObjectsAsync(CancellationToken.None)).NodePools.Single().Metadata.ResourceVersion == written,
            "the written pool status reaches the watch cache");
    }

    private static async Task<NodeClaimCache> StartedClaimCacheAsync(IKubernetes client)
    {
        var claims = new NodeClaimCache(client, FastRetry);
        await claims.StartAsync(CancellationToken.None);
        await claims.WaitForSyncAsync(CancellationToken.None);
        return claims;
    }

    private static async Task<string> CreateClaimAsync(NodeClaimStore store, string pool, ResourceAmounts? capacity)
    {
        var spec = new NodeClaimSpec(pool, ["ecs.g7.xlarge"], [CapacityType.Spot], ["cn-shenzhen-d"], new ResourceAmounts(2_000, 4L << 30, 0, 1));
        var nodePool = new NodePool(pool, new Dictionary<string, string>(), [], [], [], null,
            new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);
        var created = await store.CreateAsync(NodeClaimJson.New(spec, nodePool, null), CancellationToken.None);
        if (capacity is { } c)
        {
            await store.PatchStatusAsync(created.Name, NodeClaimJson.Status("cn-shenzhen.i-1", null, "m-1", c, c, []), CancellationToken.None);
        }

        return created.Name;
    }

    private static JsonObject Status(EmbeddedKubeApi api, KubeResource resource, string name) =>
        api.Store.Get(resource, null, name)["status"]!.AsObject();

    private static string? Version(EmbeddedKubeApi api, KubeResource resource, string name) =>
        api.Store.Get(resource, null, name)["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static string? Condition(JsonObject status, string type) =>
        status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!["status"]!.GetValue<string>();

    private static string? Message(JsonObject status, string type) =>
        status["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!["message"]!.GetValue<string>();

    private static JsonObject Seed(string file) => YamlJson.Parse(File.ReadAllText(SharedSeed.File(file))).Single()!.AsObject();

    /// <summary>The seed's discovery tag resolves; any other tag matches nothing, as the cloud would answer.</summary>
    private sealed class FakeResolver : INodeClassResolver
    {
        public Task<NodeClassLaunchSettings> ResolveAsync(EcsNodeClass nodeClass, CancellationToken cancellationToken) =>
            nodeClass.VSwitchSelectorTerms.All(t => t.Tags.GetValueOrDefault("karpenter.sh/discovery") == "demo-cluster")
                ? Task.FromResult(new NodeClassLaunchSettings([new VSwitchChoice("vsw-d", "cn-shenzhen-d")], ["sg-1"], new Dictionary<string, string> { ["amd64"] = "m-containeros" }))
                : throw new InvalidOperationException($"ECSNodeClass {nodeClass.Name}: vSwitchSelectorTerms match no vSwitch.");
    }
}
