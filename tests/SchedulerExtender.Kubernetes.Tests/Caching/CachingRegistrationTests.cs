using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class CachingRegistrationTests
{
    [Fact]
    public async Task Registered_caches_start_with_the_host_services_and_serve_reads()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "n1" } });
        api.Store.Patch(KubeResources.Namespaces, null, "default", PatchType.Merge, JsonNode.Parse("""{"metadata":{"annotations":{"k":"v"}}}""")!);
        var services = new ServiceCollection();
        services.AddSingleton<IKubernetes>(KubeClients.For(api));
        services.AddKubernetesCaches();
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var nodes = provider.GetRequiredService<NodeCache>();
        var namespaces = provider.GetRequiredService<NamespaceAnnotationCache>();
        await nodes.WaitForSyncAsync(CancellationToken.None);
        await namespaces.WaitForSyncAsync(CancellationToken.None);

        var usage = provider.GetRequiredService<NodeUsageCache>();
        await Eventually.HoldsAsync(() => usage.HasSynced, "pod cache synced");

        provider.GetServices<IHostedService>().Should().HaveCount(3);
        nodes.Get("n1").Should().NotBeNull();
        provider.GetRequiredService<INamespaceAnnotations>().Get("default", "k").Should().Be("v");
        provider.GetRequiredService<INodeUsage>().Should().BeSameAs(usage);
        usage.Requested("n1").Should().Be(ResourceAmounts.Zero);
        provider.GetRequiredService<ISparkDriverLookup>().Should().BeSameAs(provider.GetRequiredService<SparkDriverIndex>());
    }
}
