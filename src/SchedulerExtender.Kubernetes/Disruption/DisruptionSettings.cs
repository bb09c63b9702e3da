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

    /// <summary>
    /// How long a replace command waits for its replacement claims to be initialized before it is
    /// abandoned and its nodes left alone (Karpenter's orchestration queue gives up after 10 minutes).
    /// </summary>
    public TimeSpan ReplacementTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a node's <c>DisruptionBlocked</c> Event stands for it: a node still held back for
    /// the same reason gets another Event only after this, so a node blocked for hours (a running
    /// driver, a do-not-disrupt annotation) writes a handful of Events, not one per pass, while
    /// <c>kubectl describe nodeclaim</c> (which shows the last hour) keeps showing why it stays.
    /// </summary>
    public TimeSpan BlockedEventInterval { get; init; } = TimeSpan.FromMinutes(15);
}
