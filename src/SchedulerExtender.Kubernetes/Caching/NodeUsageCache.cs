using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// The requests of the pods bound to each node, from a list+watch of pods: what kube-scheduler
/// knows but does not send to extenders, and the scorer needs to judge how tightly a pod fits.
/// Terminal pods (Succeeded, Failed) hold nothing, as in kube-scheduler. The per-node sums follow
/// the cache's writer loop — rebuilt on each (re-)list, then adjusted by each pod change — so a
/// scoring call only reads: in a busy cluster pods change between almost any two scheduling
/// calls, and rebuilding from every pod on the call (tens of thousands) cost hundreds of ms.
/// </summary>
public sealed class NodeUsageCache : INodeUsage, IHostedService, IAsyncDisposable
{
    private readonly ListWatchCache<V1Pod> cache;
    private volatile ConcurrentDictionary<string, ResourceAmounts> _byNode = new(StringComparer.Ordinal);

    public NodeUsageCache(ListWatchCache<V1Pod> cache)
    {
        this.cache = cache;
        cache.Listed += Rebuild;
        cache.Changed += Update;
        if (cache.HasSynced)
        {
            // Given a cache already running (it normally starts with this one): catch up now.
            Rebuild(cache.Items);
        }
    }

    public NodeUsageCache(IKubernetes client, ListWatchCacheOptions? options = null, ILogger<NodeUsageCache>? logger = null, TimeProvider? timeProvider = null)
        : this(new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client), options, logger, timeProvider))
    {
    }

    public bool HasSynced => cache.HasSynced;

    /// <summary>The pod list+watch cache underneath, for other indexes of the same pods (one watch, not two).</summary>
    public ListWatchCache<V1Pod> Pods => cache;

    /// <summary>Null until synced (the scorer then fits against allocatable alone), zero for an empty node.</summary>
    public ResourceAmounts? Requested(string nodeName) =>
        HasSynced ? (_byNode.TryGetValue(nodeName, out var used) ? used : ResourceAmounts.Zero) : null;

    public Task StartAsync(CancellationToken cancellationToken) => cache.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => cache.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => cache.DisposeAsync();

    /// <summary>A pod's effective requests, as kube-scheduler computes them.</summary>
    public static ResourceAmounts RequestsOf(V1Pod pod)
    {
        var spec = pod.Spec;
        if (spec is null)
        {
            return ResourceAmounts.Zero;
        }

        return PodRequests.Compute(
            spec.Containers?.Select(c => Amounts(c.Resources?.Requests)) ?? [],
            spec.InitContainers?.Select(c => new ContainerRequests(Amounts(c.Resources?.Requests), c.RestartPolicy == "Always")) ?? [],
            Amounts(spec.Overhead));
    }

    private void Rebuild(IReadOnlyDictionary<string, V1Pod> pods)
    {
        var byNode = new ConcurrentDictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var pod in pods.Values)
        {
            if (Holding(pod) is { } node)
            {
                byNode[node] = byNode.GetValueOrDefault(node) + RequestsOf(pod);
            }
        }

        _byNode = byNode;
    }

    /// <summary>One pod changed (or appeared, or went): take out what it held, add what it holds.</summary>
    private void Update(V1Pod? before, V1Pod? after)
    {
        var byNode = _byNode;
        if (before is not null && Holding(before) is { } oldNode)
        {
            var left = byNode.GetValueOrDefault(oldNode) - RequestsOf(before);
            if (left == ResourceAmounts.Zero)
            {
                byNode.TryRemove(oldNode, out _);
            }
            else
            {
                byNode[oldNode] = left;
            }
        }

        if (after is not null && Holding(after) is { } newNode)
        {
            byNode[newNode] = byNode.GetValueOrDefault(newNode) + RequestsOf(after);
        }
    }

    /// <summary>The node whose resources the pod holds: bound and not terminal; otherwise null.</summary>
    private static string? Holding(V1Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is not ("Succeeded" or "Failed") ? node : null;

    private static ResourceAmounts Amounts(IDictionary<string, ResourceQuantity>? quantities) =>
        quantities is null
            ? ResourceAmounts.Zero
            : new ResourceAmounts(
                KubernetesQuantity.ToMilli(quantities.TryGetValue("cpu", out var cpu) ? cpu.ToString() : null),
                KubernetesQuantity.ToWhole(quantities.TryGetValue("memory", out var memory) ? memory.ToString() : null));

}
