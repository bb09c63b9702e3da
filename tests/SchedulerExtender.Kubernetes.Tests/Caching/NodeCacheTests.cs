using System.Text.Json.Nodes;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class NodeCacheTests
{
    private static readonly ListWatchCacheOptions FastRetry = new() { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task Syncs_then_follows_adds_updates_and_deletes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, Node("n1"));
        api.Store.Create(KubeResources.Nodes, null, Node("n2"));
        using var client = KubeClients.For(api);
        await using var nodes = new NodeCache(client, FastRetry);

        nodes.HasSynced.Should().BeFalse();
        await nodes.StartAsync(CancellationToken.None);
        await nodes.WaitForSyncAsync(CancellationToken.None);

        nodes.HasSynced.Should().BeTrue();
        nodes.Nodes.Keys.Should().BeEquivalentTo("n1", "n2");
        var before = nodes.Nodes;

        api.Store.Create(KubeResources.Nodes, null, Node("n3"));
        api.Store.Patch(KubeResources.Nodes, null, "n1", PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"karpenter.sh/capacity-type":"spot"}}}""")!);
        api.Store.Delete(KubeResources.Nodes, null, "n2");
        await Eventually.HoldsAsync(() => nodes.Get("n2") is null && nodes.Get("n3") is not null, "n3 added and n2 deleted");
        await Eventually.HoldsAsync(() => nodes.Get("n1")?.Metadata.Labels?.ContainsKey("karpenter.sh/capacity-type") == true, "n1 relabelled");

        before.Keys.Should().BeEquivalentTo(["n1", "n2"], "a snapshot taken earlier does not change under the reader");
        nodes.Cache.ListCount.Should().Be(1);
    }

    [Fact]
    public async Task Resumes_without_relisting_when_the_server_closes_the_watch()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, Node("n1"));
        using var client = KubeClients.For(api);
        await using var nodes = new NodeCache(client, FastRetry);
        await nodes.StartAsync(CancellationToken.None);
        await nodes.WaitForSyncAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => api.Store.OpenWatchCount == 1, "the cache is watching");

        api.CloseWatches();
        api.Store.Create(KubeResources.Nodes, null, Node("after-close"));

        await Eventually.HoldsAsync(() => nodes.Get("after-close") is not null, "the change made after the watch closed");
        nodes.Cache.WatchCount.Should().BeGreaterThanOrEqualTo(2);
        nodes.Cache.ListCount.Should().Be(1, "the watch resumed from its resourceVersion");
    }

    [Fact]
    public async Task Relists_after_410_Gone_and_sees_what_happened_meanwhile()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Store = new KubeStoreOptions { EventWindow = 2 } });
        api.Store.Create(KubeResources.Nodes, null, Node("doomed"));
        api.Store.Create(KubeResources.Nodes, null, Node("kept"));
        using var client = KubeClients.For(api);
        await using var nodes = new NodeCache(client, FastRetry);
        await nodes.StartAsync(CancellationToken.None);
        await nodes.WaitForSyncAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => api.Store.OpenWatchCount == 1, "the cache is watching");

        // A partition: the watch drops and cannot come back until more changes than the window holds have happened.
        api.PauseWatches();
        api.Store.Delete(KubeResources.Nodes, null, "doomed");
        for (var i = 0; i < 4; i++)
        {
            api.Store.Create(KubeResources.Nodes, null, Node($"new-{i}"));
        }

        api.ResumeWatches();

        await Eventually.HoldsAsync(() => nodes.Nodes.Count == 5 && nodes.Get("doomed") is null, "the state after the partition");
        nodes.Cache.ListCount.Should().Be(2, "410 Gone forces exactly one re-list");
        nodes.Nodes.Keys.Should().BeEquivalentTo("kept", "new-0", "new-1", "new-2", "new-3");
        await Eventually.HoldsAsync(() => api.Store.OpenWatchCount == 1, "watching again after the re-list");
        api.Store.Create(KubeResources.Nodes, null, Node("after-relist"));
        await Eventually.HoldsAsync(() => nodes.Get("after-relist") is not null, "changes after the re-list");
    }

    [Fact]
    public async Task Keeps_retrying_while_the_server_is_down()
    {
        // Nothing listens on port 1 of loopback: every list fails.
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        await using var nodes = new NodeCache(client, FastRetry);

        await nodes.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => nodes.Cache.ListCount >= 3, "several list attempts");

        nodes.HasSynced.Should().BeFalse();
        nodes.Nodes.Should().BeEmpty();
    }

    private static JsonObject Node(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name } };
}
