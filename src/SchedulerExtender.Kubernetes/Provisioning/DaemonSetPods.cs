using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The pods the cluster's DaemonSets would run on a new node, read from the DaemonSet cache, and
/// what they take from a new node of each pool (<see cref="DaemonSetOverhead"/>). Scheduling
/// constraints come from the pod template, so a DaemonSet counts before any of its pods runs (a
/// spot-interruption handler before the first spot node). Requests are the template's, raised to
/// those of any running pod of the DaemonSet: admission may have added to them (LimitRange
/// defaults, a RuntimeClass's pod overhead, a mutating webhook). A running DaemonSet pod whose
/// DaemonSet is not in the cache is not counted: its DaemonSet was deleted (orphaned or being
/// garbage-collected pods), so new nodes will not run it, and a DaemonSet just created reaches the
/// cache before its controller has created a pod.
/// </summary>
public static class DaemonSetPods
{
    /// <summary>The DaemonSets that are not being deleted, as Core reads them; one that cannot be read is reported and skipped.</summary>
    public static IReadOnlyList<DaemonSetPod> Read(IEnumerable<V1DaemonSet> daemonSets, IEnumerable<V1Pod> pods, Action<string>? unreadable = null)
    {
        var running = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed"
                || pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Kind == "DaemonSet" && o.Controller == true)?.Uid is not { } owner)
            {
                continue;
            }

            running[owner] = ResourceAmounts.Max(running.GetValueOrDefault(owner), NodeUsageCache.RequestsOf(pod));
        }

        var result = new List<DaemonSetPod>();
        foreach (var daemonSet in daemonSets.OrderBy(d => $"{d.Metadata?.NamespaceProperty}/{d.Metadata?.Name}", StringComparer.Ordinal))
        {
            if (daemonSet.Metadata?.DeletionTimestamp is not null)
            {
                continue;
            }

            if (Read(daemonSet, out var error) is not { } read)
            {
                unreadable?.Invoke(error ?? "unknown");
                continue;
            }

            result.Add(daemonSet.Metadata?.Uid is { } uid && running.TryGetValue(uid, out var actual)
                ? read with { Requests = ResourceAmounts.Max(read.Requests, actual) }
                : read);
        }

        return result;
    }

    /// <summary>One DaemonSet's pod template as Core reads a pod (<see cref="PendingPodReader"/>); null with the reason when it cannot be read.</summary>
    public static DaemonSetPod? Read(V1DaemonSet daemonSet, out string? error)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        var name = $"{daemonSet.Metadata?.NamespaceProperty}/{daemonSet.Metadata?.Name}";
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = daemonSet.Metadata?.Name, NamespaceProperty = daemonSet.Metadata?.NamespaceProperty },
            Spec = daemonSet.Spec?.Template?.Spec,
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(pod)) as JsonObject ?? [];
        if (!PendingPodReader.TryRead(json, SparkRole.None, out var read, out error) || read is null)
        {
            error = $"the pod template of daemonset {name} cannot be read ({error})";
            return null;
        }

        return new DaemonSetPod(name, read.Requests, read.RequirementTerms, read.Tolerations, read.Topology?.HostPorts ?? []);
    }

    /// <summary>Each pool's DaemonSet overhead, by pool name: computed once per pass, not per claim or solver candidate.</summary>
    public static IReadOnlyDictionary<string, ResourceAmounts> OverheadByPool(IEnumerable<NodePool> pools, IReadOnlyList<DaemonSetPod> daemonSets)
    {
        var byPool = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var pool in pools)
        {
            // Names are unique in a valid configuration; indexing (not Add) keeps a bad one from throwing here.
            byPool[pool.Name] = DaemonSetOverhead.For(pool, daemonSets);
        }

        return byPool;
    }
}
