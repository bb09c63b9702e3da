namespace SchedulerExtender.Host.Serving;

/// <summary>What <c>schedext serve</c> was asked to do (the command line, validated).</summary>
public sealed record ServeSettings
{
    public string HttpsUrl { get; init; } = "https://0.0.0.0:9443";

    public string HttpUrl { get; init; } = "http://0.0.0.0:8080";

    public string? TlsCertPath { get; init; }

    public string? TlsKeyPath { get; init; }

    public string? ConfigPath { get; init; }

    public bool Local { get; init; }

    /// <summary>The Kubernetes API for caches (namespaces, nodes); null runs without one.</summary>
    public k8s.KubernetesClientConfiguration? Kubernetes { get; init; }
}
