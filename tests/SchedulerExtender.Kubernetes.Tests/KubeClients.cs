using k8s;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests;

internal static class KubeClients
{
    /// <summary>A KubernetesClient talking to the embedded API over loopback HTTP.</summary>
    public static k8s.Kubernetes For(EmbeddedKubeApi api) =>
        new(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') });
}
