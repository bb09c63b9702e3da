using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>How the disruption controller runs: its pass interval, the planner's tuning and the garbage collector's grace.</summary>
public sealed record DisruptionSettings
{
    /// <summary>Time between passes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The planner's options (validation delay, executor policy, reclaimed-offering TTL, solver).</summary>
    public DisruptionOptions Planner { get; init; } = DisruptionOptions.Default;

    /// <summary>
    /// How old a tagged instance without a NodeClaim, or a launched NodeClaim without an instance,
    /// must be before it is collected: a launch in flight (RunInstances answered, claim status not
    /// yet written) must not be mistaken for an orphan.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; init; } = TimeSpan.FromMinutes(2);
}
