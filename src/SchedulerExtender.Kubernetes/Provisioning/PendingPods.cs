using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Which pods the provisioner acts on, read from the pod cache: pods the scheduler marked
/// <c>PodScheduled=False</c> with reason <c>Unschedulable</c>, not bound, not terminating, not
/// owned by a DaemonSet (a DaemonSet pod is for one existing node; a new node gets its own, which
/// the solver reserves room for from the DaemonSets' templates: <see cref="DaemonSetPods"/>), and
/// not preempting: kube-scheduler sets <c>status.nominatedNodeName</c> when it has evicted
/// lower-priority pods to make room on an existing node, so the pod will run there once they are
/// gone — a new node for it would be bought for nothing (Karpenter skips such pods too).
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
            && string.IsNullOrEmpty(pod.Status?.NominatedNodeName)
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
    /// A pod on a node as the solver's neighbour of the pods it places there: labels, host ports,
    /// anti-affinity, spread. Only pods with pod (anti-)affinity, spread constraints or host ports are
    /// serialized for <see cref="PodTopologyReader"/>; the rest (nearly all) need just their labels.
    /// </summary>
    public static ScheduledPod Scheduled(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var reference = new PodReference(pod.Metadata?.NamespaceProperty ?? "default", pod.Metadata?.Name ?? "");
        var spec = pod.Spec;
        var hasTopology = spec is not null && (
            spec.Affinity?.PodAntiAffinity is not null || spec.Affinity?.PodAffinity is not null || spec.TopologySpreadConstraints?.Count > 0 ||
            (spec.Containers ?? []).Concat(spec.InitContainers ?? []).Any(c => c.Ports?.Any(p => p.HostPort > 0) == true));
        if (!hasTopology)
        {
            // The cached pod's own label map (read only here), not a copy per pod on every in-flight node each pass.
            IReadOnlyDictionary<string, string> labels = pod.Metadata?.Labels switch
            {
                null => new Dictionary<string, string>(),
                IReadOnlyDictionary<string, string> own => own,
                var other => new Dictionary<string, string>(other, StringComparer.Ordinal),
            };
            return new ScheduledPod(reference, labels, PodTopology.None);
        }

        var json = JsonNode.Parse(KubernetesJson.Serialize(pod)) as JsonObject ?? [];
        return new ScheduledPod(reference, PodTopologyReader.Labels(json), PodTopologyReader.Read(json));
    }

    /// <summary>
    /// Bound pods with their node's zone, for zone-level spread and pod (anti)affinity: all of them
    /// when <paramref name="zoneRules"/> (some pod being placed has a zone rule), otherwise only those
    /// with required anti-affinity on the zone (theirs may keep others out of their zone), so most
    /// passes read no pod at all. Pods on nodes <paramref name="skipNode"/> names, on nodes
    /// <paramref name="nodeOf"/> does not know or without a zone label, are left out.
    /// </summary>
    public static List<ZonedPod> InZones(IEnumerable<V1Pod> pods, Func<string, V1Node?> nodeOf, bool zoneRules, Func<string, bool>? skipNode = null)
    {
        var zoned = new List<ZonedPod>();
        foreach (var pod in pods)
        {
            if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed" || skipNode?.Invoke(pod.Spec.NodeName) == true ||
                (!zoneRules && pod.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.Any(t => t.TopologyKey == TopologyKeys.Zone) != true) ||
                nodeOf(pod.Spec.NodeName)?.Metadata?.Labels?.TryGetValue(WellKnownLabels.Zone, out var zone) != true)
            {
                continue;
            }

            zoned.Add(new ZonedPod(Scheduled(pod), zone!));
        }

        return zoned;
    }
}
