using k8s;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>Where a <see cref="ListWatchCache{T}"/> lists and watches its objects.</summary>
public interface IListWatchSource<T>
{
    /// <summary>What is listed, for logs ("nodes", "namespaces").</summary>
    string Description { get; }

    /// <summary>All objects and the resourceVersion the list is current at.</summary>
    Task<ListWatchSnapshot<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes after <paramref name="resourceVersion"/>. ERROR events (such as 410 Gone) are reported
    /// to <paramref name="onError"/> as <see cref="k8s.Autorest.HttpOperationException"/> or
    /// <see cref="KubernetesException"/>; the sequence ends when the server closes the watch.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, CancellationToken cancellationToken);
}
