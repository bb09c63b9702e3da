using System.Text.Json.Nodes;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class NodeUsageCacheTests
{
    private const long Mi = 1024 * 1024;

    [Fact]
    public async Task Sums_the_effective_requests_of_bound_running_pods_per_node_and_follows_changes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        Create(api, "two-containers", "node-1", """{"containers":[{"name":"a","resources":{"requests":{"cpu":"500m","memory":"1Gi"}}},{"name":"b","resources":{"requests":{"cpu":"250m","memory":"512Mi"}}}]}""");
        Create(api, "init-peak", "node-1", """{"initContainers":[{"name":"setup","resources":{"requests":{"cpu":"2","memory":"100Mi"}}}],"containers":[{"name":"main","resources":{"requests":{"cpu":"1","memory":"200Mi"}}}]}""");
        Create(api, "finished", "node-1", """{"containers":[{"name":"done","resources":{"requests":{"cpu":"4","memory":"4Gi"}}}]}""", phase: "Succeeded");
        Create(api, "pending", null, """{"containers":[{"name":"waiting","resources":{"requests":{"cpu":"8","memory":"8Gi"}}}]}""");
        Create(api, "sidecar", "node-2", """{"initContainers":[{"name":"proxy","restartPolicy":"Always","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}],"containers":[{"name":"main","resources":{"requests":{"cpu":"200m","memory":"128Mi"}}}],"overhead":{"cpu":"50m","memory":"16Mi"}}""");
        using var client = KubeClients.For(api);
        await using var cache = new NodeUsageCache(client);
        INodeUsage usage = cache;

        usage.Requested("node-1").Should().BeNull("nothing is known before the first list");
        await cache.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => cache.HasSynced, "synced");

        // 750m + max(1 CPU, 2 CPU init) ; memory 1.5Gi + max(200Mi, 100Mi)
        usage.Requested("node-1").Should().Be(new ResourceAmounts(2_750, 1536 * Mi + 200 * Mi));
        // sidecar joins the steady state: 100m + 200m + 50m overhead
        usage.Requested("node-2").Should().Be(new ResourceAmounts(350, 64 * Mi + 128 * Mi + 16 * Mi));
        usage.Requested("node-3").Should().Be(ResourceAmounts.Zero);

        api.Store.Delete(KubeResources.Pods, "default", "init-peak");

        await Eventually.HoldsAsync(() => usage.Requested("node-1") == new ResourceAmounts(750, 1536 * Mi), "deletion seen");
    }

    [Fact]
    public async Task Each_watch_change_adjusts_only_the_pods_node_and_a_finished_pod_frees_its_share()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        Create(api, "stays", "node-1", """{"containers":[{"name":"a","resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]}""");
        using var client = KubeClients.For(api);
        await using var cache = new NodeUsageCache(client);
        await cache.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => cache.HasSynced, "synced");

        Create(api, "arrives", "node-1", """{"containers":[{"name":"b","resources":{"requests":{"cpu":"500m","memory":"256Mi"}}}]}""");
        Create(api, "elsewhere", "node-2", """{"containers":[{"name":"c","resources":{"requests":{"cpu":"2","memory":"2Gi"}}}]}""");
        await Eventually.HoldsAsync(() => cache.Requested("node-1") == new ResourceAmounts(1_500, 1280 * Mi), "added pod counted");
        await Eventually.HoldsAsync(() => cache.Requested("node-2") == new ResourceAmounts(2_000, 2048 * Mi), "other node counted");

        var finished = api.Store.Get(KubeResources.Pods, "default", "arrives");
        finished["status"] = new JsonObject { ["phase"] = "Succeeded" };
        api.Store.Update(KubeResources.Pods, "default", "arrives", finished, statusOnly: true);

        await Eventually.HoldsAsync(() => cache.Requested("node-1") == new ResourceAmounts(1_000, 1024 * Mi), "finished pod freed its share");
        cache.Requested("node-2").Should().Be(new ResourceAmounts(2_000, 2048 * Mi));
        api.Store.Delete(KubeResources.Pods, "default", "elsewhere");
        await Eventually.HoldsAsync(() => cache.Requested("node-2") == ResourceAmounts.Zero, "deleted pod freed its node");
    }

    [Fact]
    public async Task A_nodes_cell_follows_its_pods_in_place_and_empty_cells_are_retired_once_they_outnumber_the_rest()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        Create(api, "first", "node-1", """{"containers":[{"name":"a","resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]}""");
        using var client = KubeClients.For(api);
        await using var cache = new NodeUsageCache(client);
        INodeUsage usage = cache;

        usage.CellOf("node-1").Should().BeNull("nothing is known before the first list");
        await cache.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => cache.HasSynced, "synced");

        var cell = usage.CellOf("node-1")!;
        cell.Requested.Should().Be(new ResourceAmounts(1_000, 1024 * Mi));
        cell.Source.Should().BeSameAs(cache);
        usage.CellOf("node-1").Should().BeSameAs(cell);
        var empty = usage.CellOf("node-2")!;
        empty.Requested.Should().Be(ResourceAmounts.Zero, "a node without pods has an empty cell");

        Create(api, "second", "node-1", """{"containers":[{"name":"b","resources":{"requests":{"cpu":"500m","memory":"256Mi"}}}]}""");
        Create(api, "moves-in", "node-2", """{"containers":[{"name":"c","resources":{"requests":{"cpu":"2","memory":"2Gi"}}}]}""");
        await Eventually.HoldsAsync(() => cell.Requested == new ResourceAmounts(1_500, 1280 * Mi), "the held cell itself follows the pods");
        await Eventually.HoldsAsync(() => empty.Requested == new ResourceAmounts(2_000, 2048 * Mi), "a cell made before any pod follows too");

        // Nodes come and go under new names: cells asked for and never filled are forgotten once they
        // outnumber the rest, at the next pod change; cells with pods stay.
        var unused = Enumerable.Range(0, 1_100).Select(i => usage.CellOf($"gone-{i}")!).ToList();
        api.Store.Delete(KubeResources.Pods, "default", "moves-in");
        await Eventually.HoldsAsync(() => unused.All(c => c.IsRetired), "empty cells retired");
        empty.IsRetired.Should().BeTrue("node-2 has no pods left");
        cell.IsRetired.Should().BeFalse();
        usage.CellOf("node-1").Should().BeSameAs(cell);
        usage.CellOf("node-2").Should().NotBeSameAs(empty, "a retired cell is not handed out again");
        usage.Requested("node-2").Should().Be(ResourceAmounts.Zero);
    }

    private static void Create(EmbeddedKubeApi api, string name, string? node, string spec, string? phase = null)
    {
        var specNode = JsonNode.Parse(spec)!.AsObject();
        if (node is not null)
        {
            specNode["nodeName"] = node;
        }

        api.Store.Create(KubeResources.Pods, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = specNode });
        if (phase is not null)
        {
            var pod = api.Store.Get(KubeResources.Pods, "default", name);
            pod["status"] = new JsonObject { ["phase"] = phase };
            api.Store.Update(KubeResources.Pods, "default", name, pod, statusOnly: true);
        }
    }
}
