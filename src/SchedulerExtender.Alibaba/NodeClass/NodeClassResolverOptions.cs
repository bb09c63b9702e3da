namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>Settings of <see cref="NodeClassResolver"/>.</summary>
public sealed record NodeClassResolverOptions
{
    /// <summary>How long a resolution is reused before the cloud is asked again.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After a cloud error, how long the last good resolution is served before trying again.</summary>
    public TimeSpan RetryAfterError { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Kubernetes architectures to find images for.</summary>
    public IReadOnlyList<string> Architectures { get; init; } = ["amd64", "arm64"];
}
