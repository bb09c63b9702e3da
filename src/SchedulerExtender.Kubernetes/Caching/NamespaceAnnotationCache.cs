using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// Namespace annotations (per-namespace policy for the webhook), kept current by list+watch so
/// the webhook never calls the API server while a pod creation waits on it.
/// </summary>
public sealed class NamespaceAnnotationCache(ListWatchCache<V1Namespace> cache) : INamespaceAnnotations, IHostedService, IAsyncDisposable
{
    public NamespaceAnnotationCache(IKubernetes client, ListWatchCacheOptions? options = null, ILogger<NamespaceAnnotationCache>? logger = null, TimeProvider? timeProvider = null)
        : this(new ListWatchCache<V1Namespace>(KubeListWatchSources.Namespaces(client), options, logger, timeProvider))
    {
    }

    public bool HasSynced => cache.HasSynced;

    /// <summary>The underlying cache (list/watch counters for metrics and tests).</summary>
    public ListWatchCache<V1Namespace> Cache => cache;

    public string? Get(string @namespace, string key) =>
        cache.Get(@namespace)?.Metadata?.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => cache.WaitForSyncAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => cache.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => cache.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => cache.DisposeAsync();
}
