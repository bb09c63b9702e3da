namespace SchedulerExtender.Local.KubeApi;

/// <summary>Where and how the embedded Kubernetes API listens.</summary>
public sealed record EmbeddedKubeApiOptions
{
    /// <summary>Listen URL; port 0 picks a free port (tests). Plain HTTP, no authentication: bind to loopback.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    public KubeStoreOptions Store { get; init; } = new();

    /// <summary>How long a watch lasts when the client gives no timeoutSeconds (the API server's default is 30–60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Where webhooks given as clientConfig.service (namespace, name, port, path) are reached; null
    /// means https://NAME.NAMESPACE.svc:PORT/PATH as in a cluster. Local mode maps them to loopback.
    /// </summary>
    public Func<string, string, int, string, Uri>? WebhookServiceUrl { get; init; }

    /// <summary>How often an idle watch that allows bookmarks gets a BOOKMARK with the current resourceVersion.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);
}
