namespace SchedulerExtender.Alibaba.Provider;

/// <summary>Settings of <see cref="AlibabaCloudProvider"/>.</summary>
public sealed record AlibabaCloudProviderOptions
{
    /// <summary>Identifies this cluster's instances (the <c>schedext.io/cluster</c> tag).</summary>
    public required string ClusterId { get; init; }

    /// <summary>Spot protection period in hours (0 or 1, ECS SpotDuration); null leaves ECS's default.</summary>
    public int? SpotDuration { get; init; }
}
