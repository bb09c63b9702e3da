using System.Text.Json.Nodes;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class NamespaceAnnotationCacheTests
{
    [Fact]
    public async Task Answers_annotations_by_namespace_and_follows_changes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"spark","annotations":{"schedext.io/executor-capacity-type":"on-demand"}}}""")!.AsObject());
        using var client = KubeClients.For(api);
        await using var cache = new NamespaceAnnotationCache(client);
        INamespaceAnnotations annotations = cache;

        await cache.StartAsync(CancellationToken.None);
        await cache.WaitForSyncAsync(CancellationToken.None);

        annotations.Get("spark", "schedext.io/executor-capacity-type").Should().Be("on-demand");
        annotations.Get("spark", "schedext.io/other").Should().BeNull();
        annotations.Get("default", "schedext.io/executor-capacity-type").Should().BeNull();
        annotations.Get("no-such-namespace", "x").Should().BeNull();

        api.Store.Patch(KubeResources.Namespaces, null, "default", PatchType.Merge, JsonNode.Parse("""{"metadata":{"annotations":{"schedext.io/executor-capacity-type":"spot"}}}""")!);
        api.Store.Delete(KubeResources.Namespaces, null, "spark");

        await Eventually.HoldsAsync(() => annotations.Get("default", "schedext.io/executor-capacity-type") == "spot", "default annotated");
        await Eventually.HoldsAsync(() => annotations.Get("spark", "schedext.io/executor-capacity-type") is null, "spark deleted");
    }
}
