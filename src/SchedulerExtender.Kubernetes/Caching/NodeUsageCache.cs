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
/// Each node's sum lives in a <see cref="NodeUsageCell"/> updated in place, which the scorer's
/// cached nodes hold on to. Cells of nodes without pods are retired and forgotten at each re-list
/// and whenever they outnumber the rest (spot nodes come and go under new names).
/// </summary>
public sealed class NodeUsageCache : INodeUsage, IHostedService, IAsyncDisposable
{
    private const int SpareCells = 1024;

    private readonly ListWatchCache<V1Pod> cache;
    private readonly ConcurrentDictionary<string, NodeUsageCell> cells = new(StringComparer.Ordinal);
    private int cellsAfterPrune;

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
        HasSynced ? (cells.TryGetValue(nodeName, out var cell) ? cell.Requested : ResourceAmounts.Zero) : null;

    /// <summary>Null until synced; then the node's cell, made (empty) for a node without pods.</summary>
    public NodeUsageCell? CellOf(string nodeName) => HasSynced ? CellFor(nodeName) : null;

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

    private NodeUsageCell CellFor(string nodeName) => cells.GetOrAdd(nodeName, static (_, owner) => new NodeUsageCell(owner, ResourceAmounts.Zero), this);

    private void Rebuild(IReadOnlyDictionary<string, V1Pod> pods)
    {
        var byNode = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var pod in pods.Values)
        {
            if (Holding(pod) is { } node)
            {
                byNode[node] = byNode.GetValueOrDefault(node) + RequestsOf(pod);
            }
        }

        foreach (var (node, cell) in cells)
        {
            cell.Requested = byNode.GetValueOrDefault(node);
        }

        foreach (var (node, requested) in byNode)
        {
            CellFor(node).Requested = requested;
        }

        PruneEmptyCells();
    }

    /// <summary>One pod changed (or appeared, or went): take out what it held, add what it holds.</summary>
    private void Update(V1Pod? before, V1Pod? after)
    {
        if (before is not null && Holding(before) is { } oldNode)
        {
            CellFor(oldNode).Requested -= RequestsOf(before);
        }

        if (after is not null && Holding(after) is { } newNode)
        {
            CellFor(newNode).Requested += RequestsOf(after);
        }

        if (cells.Count > (2 * cellsAfterPrune) + SpareCells)
        {
            PruneEmptyCells();
        }
    }

    /// <summary>Forgets the cells of nodes without pods; whoever holds one sees it retired and asks again.</summary>
    private void PruneEmptyCells()
    {
        foreach (var (node, cell) in cells)
        {
            if (cell.Requested == ResourceAmounts.Zero && cells.TryRemove(new KeyValuePair<string, NodeUsageCell>(node, cell)))
            {
                cell.Retire();
            }
        }

        cellsAfterPrune = cells.Count;
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
