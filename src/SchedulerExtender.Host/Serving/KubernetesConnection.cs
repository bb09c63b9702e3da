using k8s;

namespace SchedulerExtender.Host.Serving;

/// <summary>Finds the Kubernetes API the way kubectl and controllers do.</summary>
public static class KubernetesConnection
{
    /// <summary>In-cluster service account first, then KUBECONFIG or ~/.kube/config; null when there is neither.</summary>
    public static KubernetesClientConfiguration? Discover()
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var path = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(File.Exists)
                   ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
        return File.Exists(path) ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path) : null;
    }

    /// <summary>A plain-HTTP connection to an API without authentication (the embedded one).</summary>
    public static KubernetesClientConfiguration ForUrl(Uri url) => new() { Host = url.ToString().TrimEnd('/') };
}
