using k8s;
using k8s.Models;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>An <see cref="IListWatchSource{T}"/> over a KubernetesClient List…Async and WatchList…Async pair.</summary>
public sealed class KubeListWatchSource<T, TList>(
    string description,
    Func<CancellationToken, Task<TList>> list,
    KubeListWatchSource<T, TList>.WatchCall watch) : IListWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <summary>One call of a generated WatchList…Async method.</summary>
    public delegate IAsyncEnumerable<(WatchEventType, T)> WatchCall(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    public string Description { get; } = description;

    public async Task<ListWatchSnapshot<T>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await list(cancellationToken);
        return new ListWatchSnapshot<T>(result.Items?.ToList() ?? [], result.Metadata?.ResourceVersion ?? string.Empty);
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, CancellationToken cancellationToken) =>
        watch(resourceVersion, (int)Math.Max(1, timeout.TotalSeconds), onError, cancellationToken);
}
