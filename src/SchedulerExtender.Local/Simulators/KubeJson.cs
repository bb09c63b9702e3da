using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulators;

/// <summary>Bridges KubernetesClient's typed objects and Core's JSON readers, so quantities and pod requests mean what Core says.</summary>
internal static class KubeJson
{
    public static JsonObject ToJsonObject(object value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();

    /// <summary>The pod as Core reads it (effective requests, affinity terms, tolerations); null with an error when unreadable.</summary>
    public static PendingPod? ReadPod(V1Pod pod, out string? error)
    {
        PendingPodReader.TryRead(ToJsonObject(pod), SparkRole.None, out var pending, out error);
        return pending;
    }

    public static ResourceAmounts Amounts(IDictionary<string, ResourceQuantity>? list) => list is null
        ? ResourceAmounts.Zero
        : new ResourceAmounts(
            KubernetesQuantity.ToMilli(list.TryGetValue("cpu", out var cpu) ? cpu.ToString() : null),
            KubernetesQuantity.ToWhole(list.TryGetValue("memory", out var memory) ? memory.ToString() : null),
            KubernetesQuantity.ToWhole(list.TryGetValue("ephemeral-storage", out var disk) ? disk.ToString() : null),
            KubernetesQuantity.ToWhole(list.TryGetValue("pods", out var pods) ? pods.ToString() : null));

    public static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    /// <summary>True for a pod that has finished (Succeeded or Failed): it no longer holds resources.</summary>
    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;
}
