using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Vpc;

/// <summary>Where and how the VPC client calls.</summary>
public sealed record VpcClientOptions
{
    public const string ApiVersion = "2016-04-28";

    /// <summary>The region whose vSwitches are listed (cn-hangzhou, cn-shenzhen, …).</summary>
    public required string RegionId { get; init; }

    /// <summary>Overrides <c>https://vpc.&lt;region&gt;.aliyuncs.com/</c> (the emulator serves both products on one address).</summary>
    public Uri? Endpoint { get; init; }

    public EcsRetryPolicy Retry { get; init; } = new();

    /// <summary>Seeds the retry jitter; null for a random seed.</summary>
    public int? JitterSeed { get; init; }

    public Uri EffectiveEndpoint => Endpoint ?? new Uri($"https://vpc.{RegionId}.aliyuncs.com/");
}
