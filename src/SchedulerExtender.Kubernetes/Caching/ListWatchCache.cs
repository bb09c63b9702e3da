using System.Collections.Immutable;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// An in-memory copy of one resource kept current by list, then watch from the list's
/// resourceVersion — client-go's reflector. A watch the server closes is resumed from the last
/// version seen; 410 Gone (history no longer available) means re-list; errors back off
/// exponentially. Reads are lock-free: <see cref="Items"/> is an immutable snapshot swapped
/// atomically by the single writer loop, so a hot path (the scheduler extender at thousands of
/// nodes) never waits.
/// </summary>
public sealed class ListWatchCache<T> : IHostedService, IAsyncDisposable
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly ListWatchCacheOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableDictionary<string, T> _items = ImmutableDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;
    private long _listCount;
    private long _watchCount;
    private int _disposed;
    private int _started;

    public ListWatchCache(IListWatchSource<T> source, ListWatchCacheOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _source = source;
        _options = options ?? new ListWatchCacheOptions();
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The current objects by key ("namespace/name", or "name" for cluster-scoped objects). An immutable snapshot.</summary>
    public IReadOnlyDictionary<string, T> Items => Volatile.Read(ref _items);

    /// <summary>
    /// Raised by the writer loop after every (re-)list, with the new snapshot, before
    /// <see cref="HasSynced"/> turns true: lets an index derived from the objects be rebuilt off
    /// any request path. Handlers run on the writer loop and must be quick and must not throw.
    /// </summary>
    public event Action<IReadOnlyDictionary<string, T>>? Listed;

    /// <summary>
    /// Raised by the writer loop after each watch change, with the object before and after (null
    /// when absent): lets a derived index follow the cache one change at a time instead of being
    /// rebuilt from every object. Same rules for handlers as <see cref="Listed"/>.
    /// </summary>
    public event Action<T?, T?>? Changed;

    /// <summary>True once the first list has been loaded; stays true through later re-lists.</summary>
    public bool HasSynced => _synced.Task.IsCompletedSuccessfully;

    /// <summary>How many lists were made (1 after the first sync; more after 410 Gone or failures).</summary>
    public long ListCount => Interlocked.Read(ref _listCount);

    /// <summary>How many watch requests were made.</summary>
    public long WatchCount => Interlocked.Read(ref _watchCount);

    public static string KeyOf(T obj) =>
        obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{obj.Metadata.Name}" : obj.Metadata?.Name ?? string.Empty;

    public T? Get(string key) => Items.TryGetValue(key, out var value) ? value : default;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Starts the list+watch loop in the background (once; later calls do nothing).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            await _stopping.CancelAsync();
        }

        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops the loop; safe to call more than once (hosts may dispose a cache registered under several services).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        string? resourceVersion = null;
        var backoff = _options.InitialBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await ListAsync(stopping);
                var outcome = await WatchAsync(resourceVersion, stopping);
                resourceVersion = outcome.ResourceVersion;
                if (outcome.Healthy)
                {
                    backoff = _options.InitialBackoff;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                _logger.LogInformation("{Resource}: resourceVersion {Version} expired (410), re-listing", _source.Description, resourceVersion);
                resourceVersion = null;
                continue;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                // Not a passing fault: until someone grants it, whatever waits for this cache waits for ever.
                _logger.LogError("{Resource}: list/watch refused ({Status}): the service account's RBAC lacks list and watch on it (see manifests/base/rbac.yaml); retrying in {Backoff}",
                    _source.Description, (int)e.Response!.StatusCode, backoff);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Resource}: list/watch failed, retrying in {Backoff}", _source.Description, backoff);
            }

            try
            {
                await Task.Delay(backoff, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private async Task<string> ListAsync(CancellationToken stopping)
    {
        Interlocked.Increment(ref _listCount);
        var snapshot = await _source.ListAsync(stopping);
        var builder = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items.Where(i => i?.Metadata is not null))
        {
            builder[KeyOf(item)] = item; // last one wins: a list never breaks the cache, even with a duplicate
        }

        var items = builder.ToImmutable();
        Volatile.Write(ref _items, items);
        Listed?.Invoke(items);
        _synced.TrySetResult();
        _logger.LogDebug("{Resource}: listed {Count} at resourceVersion {Version}", _source.Description, items.Count, snapshot.ResourceVersion);
        return snapshot.ResourceVersion;
    }

    /// <summary>
    /// One watch request. Returns the version to resume from: null after 410 Gone (re-list).
    /// Unhealthy: it failed, or ended at once without an event (avoids a hot loop against a server
    /// that keeps closing watches).
    /// </summary>
    private async Task<(string? ResourceVersion, bool Healthy)> WatchAsync(string resourceVersion, CancellationToken stopping)
    {
        Interlocked.Increment(ref _watchCount);
        var started = _time.GetTimestamp();
        var events = 0;
        Exception? failure = null;
        var expired = false;
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status.Code: 410 } || (e is HttpOperationException h && h.Response?.StatusCode == HttpStatusCode.Gone))
            {
                expired = true;
                watch.Cancel(); // the server ends the stream after the ERROR event anyway; do not wait for it
            }
            else
            {
                failure ??= e;
            }
        }

        try
        {
            await foreach (var (type, obj) in _source.WatchAsync(resourceVersion, _options.WatchTimeout, OnError, watch.Token))
            {
                events++;
                Apply(type, obj);
                resourceVersion = obj?.Metadata?.ResourceVersion is { Length: > 0 } version ? version : resourceVersion;
            }
        }
        catch (OperationCanceledException) when (expired && !stopping.IsCancellationRequested)
        {
        }

        if (expired)
        {
            _logger.LogInformation("{Resource}: watch from {Version} expired (410 Gone), re-listing", _source.Description, resourceVersion);
            return (null, true);
        }

        if (failure is not null)
        {
            _logger.LogWarning(failure, "{Resource}: watch error", _source.Description);
            return (resourceVersion, false);
        }

        return (resourceVersion, events > 0 || _time.GetElapsedTime(started) >= TimeSpan.FromSeconds(1));
    }

    private void Apply(WatchEventType type, T? obj)
    {
        if (obj?.Metadata is null)
        {
            return;
        }

        var key = KeyOf(obj);
        _items.TryGetValue(key, out var previous);
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                Volatile.Write(ref _items, _items.SetItem(key, obj));
                Changed?.Invoke(previous, obj);
                break;
            case WatchEventType.Deleted:
                Volatile.Write(ref _items, _items.Remove(key));
                if (previous is not null)
                {
                    Changed?.Invoke(previous, default);
                }

                break;
        }
    }
}
