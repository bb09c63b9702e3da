namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>Where and how the ECS client calls.</summary>
public sealed record EcsClientOptions
{
    public const string ApiVersion = "2014-05-26";

    /// <summary>The region whose resources are managed (cn-hangzhou, cn-shenzhen, …).</summary>
    public required string RegionId { get; init; }

    /// <summary>Overrides <c>https://ecs.&lt;region&gt;.aliyuncs.com/</c> (VPC endpoints, the emulator).</summary>
    public Uri? Endpoint { get; init; }

    public EcsRetryPolicy Retry { get; init; } = new();

    /// <summary>Seeds the retry jitter; null for a random seed.</summary>
    public int? JitterSeed { get; init; }

    public Uri EffectiveEndpoint => Endpoint ?? new Uri($"https://ecs.{RegionId}.aliyuncs.com/");
}
