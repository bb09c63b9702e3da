using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The cluster's NodeClaims, kept by list+watch (<see cref="ListWatchCache{T}"/>) as Karpenter
/// keeps them in an informer, so that the provisioner (every second) and the disruption
/// controller do not LIST every claim from etcd on every pass. One cache serves both.
/// <para>
/// What it shows is a consistent but possibly late view: every claim as of one point in the
/// collection's history (watch events arrive in order; a re-list is one snapshot). Readers that
/// compare claims with something read now (cloud instances, Nodes) must allow for that; a
/// destructive decision confirms with <see cref="NodeClaimStore.GetAsync"/>.
/// </para>
/// </summary>
public sealed partial class NodeClaimCache : IAsyncDisposable
{
    private readonly ListWatchCache<CustomResource> _cache;
    private readonly ILogger _logger;
    // Each claim parsed once per resourceVersion (null when it cannot be read, reported then and only then).
    private readonly ConcurrentDictionary<string, (string? Version, NodeClaimResource? Claim)> _parsed = new(StringComparer.Ordinal);

    public NodeClaimCache(IKubernetes client, ListWatchCacheOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _cache = new ListWatchCache<CustomResource>(
            KubeListWatchSources.ClusterCustomObjects(client, NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural), options, _logger, timeProvider);
    }

    /// <summary>True once the first list is in.</summary>
    public bool HasSynced => _cache.HasSynced;

    /// <summary>How many lists the cache made (1 after the first sync; more after 410 Gone or failures).</summary>
    public long ListCount => _cache.ListCount;

    /// <summary>Every readable claim as the cache holds it now, by name. Unreadable ones are logged once per version and left out.</summary>
    public IReadOnlyList<NodeClaimResource> Claims
    {
        get
        {
            var items = _cache.Items;
            var claims = new List<NodeClaimResource>(items.Count);
            foreach (var (name, item) in items)
            {
                if (Parse(name, item) is { } claim)
                {
                    claims.Add(claim);
                }
            }

            foreach (var gone in _parsed.Keys.Where(k => !items.ContainsKey(k)))
            {
                _parsed.TryRemove(gone, out _);
            }

            claims.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return claims;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => _cache.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _cache.StopAsync(cancellationToken);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _cache.WaitForSyncAsync(cancellationToken);

    public ValueTask DisposeAsync() => _cache.DisposeAsync();

    private NodeClaimResource? Parse(string name, CustomResource item)
    {
        var version = item.Metadata.ResourceVersion;
        if (_parsed.TryGetValue(name, out var known) && known.Version == version && version is not null)
        {
            return known.Claim;
        }

        NodeClaimResource? claim = null;
        try
        {
            claim = NodeClaimJson.Parse(JsonNode.Parse(KubernetesJson.Serialize(item)) as JsonObject ?? throw new FormatException("not an object"));
        }
        catch (FormatException e)
        {
            LogInvalidClaim(name, e.Message);
        }

        _parsed[name] = (version, claim);
        return claim;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name} cannot be read and is ignored: {Reason}")]
    private partial void LogInvalidClaim(string name, string reason);
}
