using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Ecs;

/// <summary>How an <see cref="EcsEmulator"/> behaves.</summary>
public sealed record EcsEmulatorOptions
{
    public const string DefaultAccessKeyId = "emulator";
    public const string DefaultAccessKeySecret = "emulator-secret";

    /// <summary>Types, zones and prices of every region served (the built-in catalogue by default).</summary>
    public InstanceCatalog Catalog { get; init; } = BuiltInCatalog.Catalog;

    public int Seed { get; init; }

    public string AccessKeyId { get; init; } = DefaultAccessKeyId;

    public string AccessKeySecret { get; init; } = DefaultAccessKeySecret;

    /// <summary>
    /// Tags put on every seeded vSwitch and security group, for example
    /// <c>karpenter.sh/discovery: demo-cluster</c> so that the article's ECSNodeClass finds them.
    /// </summary>
    public IReadOnlyDictionary<string, string> SeedNetworkTags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The emulator's clock: a FakeTimeProvider (tests) or a simulator's virtual clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public EcsEmulatorFaults Faults { get; init; } = EcsEmulatorFaults.None;

    /// <summary>Time an instance spends in Pending, then in Starting, before it is Running.</summary>
    public TimeSpan PendingDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StartingDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long before release a reclaimed spot instance shows LockReason Recycling (ECS: about 5 minutes).</summary>
    public TimeSpan ReclaimNotice { get; init; } = TimeSpan.FromMinutes(5);
}
