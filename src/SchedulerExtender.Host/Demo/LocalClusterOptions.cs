using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// Timings of local mode (<c>serve --local</c> and the demo). Shorter than a cloud's so the
/// cluster reacts while someone watches; tests shorten them further.
/// </summary>
public sealed record LocalClusterOptions
{
    /// <summary>From RunInstances to Starting in the ECS emulator (a cloud takes ~10 s).</summary>
    public TimeSpan InstancePendingDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>From Starting to Running in the ECS emulator (a cloud takes ~20 s).</summary>
    public TimeSpan InstanceStartingDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>From Running to the Node registering (the article measured ~40 s on ContainerOS).</summary>
    public TimeSpan BootDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replaces the article NodePool's <c>consolidateAfter: 1m</c>, so empty nodes go soon after
    /// the job. Written to the NodePool file local mode hands the controllers.
    /// </summary>
    public TimeSpan ConsolidateAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Notice between a spot reclaim's announcement (LockReason Recycling) and the release (ECS: about 5 minutes).</summary>
    public TimeSpan SpotReclaimNotice { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Faults the ECS emulator injects from the start (throttling, 5xx, stock-outs); none by default.</summary>
    public EcsEmulatorFaults EcsFaults { get; init; } = EcsEmulatorFaults.None;

    /// <summary>Seed of the ECS emulator's random source (instance ids, which requests get a fault).</summary>
    public int EcsSeed { get; init; }

    /// <summary>Logs at Warning and above only (the demo's own output is the show); explicit Logging configuration still wins.</summary>
    public bool QuietLogs { get; init; }

    /// <summary>Configuration keys over local mode's defaults (tests: faster disruption passes); --config still wins.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the generated NodePool / ECSNodeClass files go (one folder per local server).</summary>
    public required string WorkFolder { get; init; }
}
