using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Ack;

/// <summary>How an <see cref="AckEmulator"/> behaves.</summary>
public sealed record AckEmulatorOptions
{
    public string AccessKeyId { get; init; } = EcsEmulatorOptions.DefaultAccessKeyId;

    public string AccessKeySecret { get; init; } = EcsEmulatorOptions.DefaultAccessKeySecret;

    /// <summary>The region the emulated clusters live in (names the script's download host).</summary>
    public string RegionId { get; init; } = "cn-shenzhen";

    /// <summary>The emulator's clock; requests whose Date is further off than <see cref="MaxClockSkew"/> are refused.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);
}
