using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Host.Disruption;

/// <summary>
/// The <c>Disruption</c> configuration section (JSON file or <c>SCHEDEXT_Disruption__Key</c>). The
/// disruption controller runs wherever the provisioner runs, on its leader, unless
/// <see cref="Enabled"/> is false. Per-pool settings (consolidation policy, consolidateAfter,
/// budgets, expireAfter) come from the NodePools themselves.
/// </summary>
public sealed record DisruptionControllerOptions
{
    public const string Section = "Disruption";

    public bool Enabled { get; init; } = true;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a voluntary decision waits before it is validated again and run (Karpenter: 15 s).</summary>
    public TimeSpan ValidationDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>WaitForExecutors</c> (default: a node with executors of a running application stays) or <c>Graceful</c>.</summary>
    public ExecutorDisruption ExecutorDisruption { get; init; } = ExecutorDisruption.WaitForExecutors;

    public bool SpotToSpotReplacement { get; init; } = true;

    /// <summary>How long a reclaimed spot offering is not planned again.</summary>
    public TimeSpan ReclaimedOfferingTtl { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Age before an instance without a claim, or a claim without an instance, is collected.</summary>
    public TimeSpan OrphanGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a replace command waits for its replacements to be initialized before it gives up and leaves its nodes.</summary>
    public TimeSpan ReplacementTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after an abandoned replace the same node is not replaced again (deleting it stays
    /// allowed), so a lasting stock-out or a bad image does not cost a failed launch every pass;
    /// doubled by each further abandon of the node. Zero: no back-off.
    /// </summary>
    public TimeSpan AbandonedReplaceBackoff { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest the doubling back-off grows to (15 min, 30, 1 h, 2 h, then 4 h).</summary>
    public TimeSpan AbandonedReplaceBackoffMax { get; init; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long a node may stay not Ready before it is terminated without drain (node repair;
    /// Karpenter's toleration for Ready: 30 min). <c>00:00:00</c>: no repair.
    /// </summary>
    public TimeSpan RepairAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Further node conditions that get a node repaired once held long enough, e.g. a
    /// node-problem-detector's: <c>[{"Type": "KernelDeadlock", "Status": "True", "After": "00:10:00"}]</c>.
    /// </summary>
    public IReadOnlyList<RepairConditionOptions> RepairConditions { get; init; } = [];
}
