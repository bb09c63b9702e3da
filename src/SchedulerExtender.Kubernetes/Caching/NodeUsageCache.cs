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
/// Terminal pods (Succeeded, Failed) hold nothing, as in kube-scheduler. The per-node sums are
/// rebuilt once per cache change, on first use, so a scoring call reads a ready dictionary.
/// </summary>
public sealed class NodeUsageCache(ListWatchCache<V1Pod> cache) : INodeUsage, IHostedService, IAsyncDisposable
{
    private volatile UsageIndex _index = new(null, new Dictionary<string, ResourceAmounts>());

    public NodeUsageCache(IKubernetes client, ListWatchCacheOptions? options = null, ILogger<NodeUsageCache>? logger = null, TimeProvider? timeProvider = null)
        : this(new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client), options, logger, timeProvider))
    {
    }

    public bool HasSynced => cache.HasSynced;

    /// <summary>Null until synced (the scorer then fits against allocatable alone), zero for an empty node.</summary>
    public ResourceAmounts? Requested(string nodeName) =>
        HasSynced ? (Index().ByNode.TryGetValue(nodeName, out var used) ? used : ResourceAmounts.Zero) : null;

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

    private UsageIndex Index()
    {
        var items = cache.Items;
        var index = _index;
        if (ReferenceEquals(index.Source, items))
        {
            return index;
        }

        var byNode = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var pod in items.Values)
        {
            if (pod.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                byNode[node] = byNode.GetValueOrDefault(node) + RequestsOf(pod);
            }
        }

        index = new UsageIndex(items, byNode);
        _index = index;
        return index;
    }

    private static ResourceAmounts Amounts(IDictionary<string, ResourceQuantity>? quantities) =>
        quantities is null
            ? ResourceAmounts.Zero
            : new ResourceAmounts(
                KubernetesQuantity.ToMilli(quantities.TryGetValue("cpu", out var cpu) ? cpu.ToString() : null),
                KubernetesQuantity.ToWhole(quantities.TryGetValue("memory", out var memory) ? memory.ToString() : null));

    private sealed record UsageIndex(IReadOnlyDictionary<string, V1Pod>? Source, Dictionary<string, ResourceAmounts> ByNode);
}
