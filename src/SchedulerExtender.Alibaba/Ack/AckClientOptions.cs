using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>Where and how the Container Service (ACK) client calls.</summary>
public sealed record AckClientOptions
{
    public const string ApiVersion = "2015-12-15";

    /// <summary>The region of the cluster (cn-hangzhou, cn-shenzhen, …).</summary>
    public required string RegionId { get; init; }

    /// <summary>Overrides <c>https://cs.&lt;region&gt;.aliyuncs.com/</c> (a VPC endpoint, the emulator).</summary>
    public Uri? Endpoint { get; init; }

    public EcsRetryPolicy Retry { get; init; } = new();

    /// <summary>Seeds the retry jitter; null for a random seed.</summary>
    public int? JitterSeed { get; init; }

    public Uri EffectiveEndpoint => Endpoint ?? new Uri($"https://cs.{RegionId}.aliyuncs.com/");
}
