using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>Turns listed nodes and pods into the <see cref="NodeSnapshot"/>s of one scheduling pass.</summary>
public static class SchedulerSnapshot
{
    /// <summary>The taint the node lifecycle controller puts on a node whose Ready condition is not True.</summary>
    public static readonly Taint NotReadyTaint = new("node.kubernetes.io/not-ready", null, "NoSchedule");

    /// <summary>
    /// One snapshot per node. Pods bound to a node count against it until they are terminal
    /// (terminating pods still hold their resources); a pod whose requests cannot be read counts as empty.
    /// </summary>
    public static IReadOnlyList<NodeSnapshot> Build(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> pods)
    {
        var usage = new Dictionary<string, (ResourceAmounts Requested, ResourceAmounts NonZero)>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => p.Spec?.NodeName is { Length: > 0 } && !KubeJson.IsTerminal(p)))
        {
            var requests = KubeJson.ReadPod(pod, out _)?.Requests ?? ResourceAmounts.Zero;
            var (requested, nonZero) = usage.GetValueOrDefault(pod.Spec.NodeName);
            usage[pod.Spec.NodeName] = (requested + (requests with { Pods = 1 }), nonZero + NonZeroRequests.Of(requests));
        }

        return [.. nodes.Where(n => n.Metadata?.Name is not null).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Select(node =>
        {
            var (requested, nonZero) = usage.GetValueOrDefault(node.Metadata.Name);
            return new NodeSnapshot(
                node.Metadata.Name,
                node.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal),
                Taints(node),
                node.Spec?.Unschedulable ?? false,
                KubeJson.Amounts(node.Status?.Allocatable),
                requested,
                nonZero);
        })];
    }

    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;

    private static List<Taint> Taints(V1Node node)
    {
        var taints = (node.Spec?.Taints ?? []).Select(t => new Taint(t.Key, t.Value, t.Effect)).ToList();
        if (!IsReady(node) && !taints.Any(t => t.Key == NotReadyTaint.Key))
        {
            taints.Add(NotReadyTaint);
        }

        return taints;
    }
}
