using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// Every node by name, kept current by list+watch. The scheduler extender reads it on every
/// filter/prioritize call (with nodeCacheCapable the scheduler sends only node names), so reads
/// are lock-free snapshot lookups.
/// </summary>
public sealed class NodeCache(ListWatchCache<V1Node> cache) : IHostedService, IAsyncDisposable
{
    public NodeCache(IKubernetes client, ListWatchCacheOptions? options = null, ILogger<NodeCache>? logger = null, TimeProvider? timeProvider = null)
        : this(new ListWatchCache<V1Node>(KubeListWatchSources.Nodes(client), options, logger, timeProvider))
    {
    }

    /// <summary>All nodes by name: an immutable snapshot, consistent for the whole of one request.</summary>
    public IReadOnlyDictionary<string, V1Node> Nodes => cache.Items;

    public bool HasSynced => cache.HasSynced;

    /// <summary>The underlying cache (list/watch counters for metrics and tests).</summary>
    public ListWatchCache<V1Node> Cache => cache;

    public V1Node? Get(string name) => cache.Get(name);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => cache.WaitForSyncAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => cache.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => cache.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => cache.DisposeAsync();
}
