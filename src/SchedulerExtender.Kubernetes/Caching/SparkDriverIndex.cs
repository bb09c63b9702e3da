using System.Collections.Concurrent;
using k8s.Models;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// The live Spark drivers of a pod list+watch cache, by UID: what the extender's preempt verb needs
/// to tell which victims kube-scheduler names by UID are drivers. Drivers are recognised by
/// <see cref="SparkPodClassifier"/>, as the webhook and the filter recognise them. Finished drivers
/// (Succeeded, Failed) are left out: nothing evicts them, and Spark keeps them around for their
/// logs, so they would be most of the index. Follows the cache's writer loop — rebuilt on each
/// (re-)list, then adjusted by each pod change — so a preempt call only reads, never scans pods.
/// </summary>
public sealed class SparkDriverIndex : ISparkDriverLookup
{
    private readonly Lock writing = new();
    private volatile ConcurrentDictionary<string, string> _driversByUid = new(StringComparer.Ordinal);

    public SparkDriverIndex(ListWatchCache<V1Pod> pods)
    {
        // Subscribing before reading Items under the same lock as the handlers: a change raised
        // before this is in Items already, one raised after is applied after this catch-up.
        lock (writing)
        {
            pods.Listed += Rebuild;
            pods.Changed += Update;
            if (pods.HasSynced)
            {
                // Built after its cache started (resolved on first use): catch up now.
                RebuildLocked(pods.Items);
            }
        }
    }

    /// <summary>How many live drivers the index holds.</summary>
    public int Count => _driversByUid.Count;

    public string? FindDriver(string podUid) => _driversByUid.TryGetValue(podUid, out var driver) ? driver : null;

    private void Rebuild(IReadOnlyDictionary<string, V1Pod> pods)
    {
        lock (writing)
        {
            RebuildLocked(pods);
        }
    }

    private void RebuildLocked(IReadOnlyDictionary<string, V1Pod> pods)
    {
        var drivers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, pod) in pods)
        {
            if (LiveDriverUid(pod) is { } uid)
            {
                drivers[uid] = key;
            }
        }

        _driversByUid = drivers;
    }

    private void Update(V1Pod? before, V1Pod? after)
    {
        lock (writing)
        {
            if (before?.Metadata?.Uid is { Length: > 0 } oldUid)
            {
                _driversByUid.TryRemove(oldUid, out _);
            }

            if (after is not null && LiveDriverUid(after) is { } uid)
            {
                _driversByUid[uid] = ListWatchCache<V1Pod>.KeyOf(after);
            }
        }
    }

    private static string? LiveDriverUid(V1Pod pod) =>
        pod.Metadata?.Uid is { Length: > 0 } uid
        && pod.Status?.Phase is not ("Succeeded" or "Failed")
        && SparkPodClassifier.Classify(key => pod.Metadata.Labels?.TryGetValue(key, out var value) == true ? value : null) == SparkRole.Driver
            ? uid
            : null;
}
