using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Which pods the provisioner acts on, read from the pod cache: pods the scheduler marked
/// <c>PodScheduled=False</c> with reason <c>Unschedulable</c>, not bound, not terminating, not
/// owned by a DaemonSet (a DaemonSet pod is for one existing node; new nodes get their own).
/// </summary>
public static class PendingPods
{
    public static bool IsPending(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return string.IsNullOrEmpty(pod.Spec?.NodeName)
            && pod.Metadata?.DeletionTimestamp is null
            && pod.Status?.Phase is null or "Pending"
            && !IsDaemonSetPod(pod)
            && pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") == true;
    }

    public static bool IsDaemonSetPod(V1Pod pod) =>
        pod.Metadata?.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Controller == true) == true;

    /// <summary>The solver's view of a pending pod (Spark role from its labels); null with the reason when it cannot be read.</summary>
    public static PendingPod? Read(V1Pod pod, out string? error)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(pod)) as JsonObject ?? [];
        var role = SparkPodClassifier.Classify(key => pod.Metadata?.Labels?.TryGetValue(key, out var value) == true ? value : null);
        return PendingPodReader.TryRead(json, role, out var pending, out error) ? pending : null;
    }

    /// <summary>
    /// What every new node's DaemonSet pods request: one running pod per DaemonSet (by owner uid),
    /// summed. Counted from the pods the DaemonSets already run, so it needs no DaemonSet watch;
    /// a DaemonSet whose pods select only some nodes is over-counted, which errs on the safe side.
    /// </summary>
    public static ResourceAmounts DaemonSetOverhead(IEnumerable<V1Pod> pods)
    {
        var total = ResourceAmounts.Zero;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var owner = pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Kind == "DaemonSet" && o.Controller == true);
            if (owner is not null && seen.Add(owner.Uid ?? owner.Name))
            {
                total += NodeUsageCache.RequestsOf(pod) with { Pods = 1 };
            }
        }

        return total;
    }
}
