using System.Text.Json.Nodes;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeClaimCacheTests
{
    [Fact]
    public async Task Claims_follow_the_watch_and_an_unreadable_one_is_reported_once_per_version()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var logs = new RecordingLoggerProvider();
        await using var cache = new NodeClaimCache(client, logger: logs.CreateLogger("claims"));
        api.Store.Create(KubeResources.NodeClaims, null, Claim("b-good", pool: "default"));
        api.Store.Create(KubeResources.NodeClaims, null, Claim("a-bad", pool: null));

        await cache.StartAsync(CancellationToken.None);
        await cache.WaitForSyncAsync(CancellationToken.None);
        api.Store.Create(KubeResources.NodeClaims, null, Claim("c-later", pool: "default"));
        await Eventually.HoldsAsync(() => cache.Claims.Count == 2, "the claim created after the list arrives by the watch");

        for (var read = 0; read < 5; read++)
        {
            cache.Claims.Select(c => c.Name).Should().Equal("b-good", "c-later");
        }

        Reports(logs).Should().Be(1, "the unreadable claim is reported once, not at every read");
        api.Store.Patch(KubeResources.NodeClaims, null, "a-bad", PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["touched"] = "yes" } } });
        await Eventually.HoldsAsync(() => { _ = cache.Claims; return Reports(logs) == 2; }, "a new version of the unreadable claim is reported again");
        cache.Claims.Should().HaveCount(2);
        cache.ListCount.Should().Be(1);
    }

    private static int Reports(RecordingLoggerProvider logs) => logs.Lines.Count(l => l.Contains("NodeClaim a-bad cannot be read", StringComparison.Ordinal));

    private static JsonObject Claim(string name, string? pool) => new()
    {
        ["apiVersion"] = "karpenter.sh/v1",
        ["kind"] = "NodeClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = pool is null ? new JsonObject() : new JsonObject { ["karpenter.sh/nodepool"] = pool } },
        ["spec"] = new JsonObject { ["requirements"] = new JsonArray() },
    };
}
