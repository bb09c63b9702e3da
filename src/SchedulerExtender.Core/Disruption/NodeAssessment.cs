using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Disruption;

/// <summary>What the planners need to know about one node at one moment: can it be touched, and why would it be.</summary>
internal sealed class NodeAssessment
{
    public NodeAssessment(ClusterNode node, NodePool? pool, DateTimeOffset now, DisruptionOptions options)
    {
        Node = node;
        Pool = pool;
        NeedsHome = [.. node.Pods.Where(p => p.NeedsHome)];
        IsEmpty = NeedsHome.Count == 0;
        Eligible = pool is not null && !node.Disrupting && node.Ready && node.ReclaimNoticeAt is null;
        // A retiring node was not launched by schedext: retirement is the only reason it is taken for
        // (the reason shown then says so), never consolidation or expiry.
        var ours = Eligible && !node.Retiring;
        var after = pool?.Disruption.ConsolidateAfter;
        Consolidatable = ours && after is not null && now - (node.LastPodEventAt ?? node.CreatedAt) >= after.Value;
        Underutilized = Consolidatable && pool!.Disruption.ConsolidationPolicy == ConsolidationPolicy.WhenEmptyOrUnderutilized;
        Expired = ours && pool!.ExpireAfter is { } expireAfter && now - node.CreatedAt >= expireAfter;
        Blocker = BlockerOf(node, options);
    }

    public ClusterNode Node { get; }

    public NodePool? Pool { get; }

    public IReadOnlyList<ClusterPod> NeedsHome { get; }

    public bool IsEmpty { get; }

    /// <summary>In a known pool, not already going, ready, and not being reclaimed (interruption handles that).</summary>
    public bool Eligible { get; }

    /// <summary>Eligible, consolidation is enabled, and no pod came or went for consolidateAfter.</summary>
    public bool Consolidatable { get; }

    public bool Underutilized { get; }

    public bool Drifted => Eligible && !Node.Retiring && Node.Drifted;

    /// <summary>A node schedext did not launch, asked to be retired: drift's path, with its own reason.</summary>
    public bool Retired => Eligible && Node.Retiring;

    public bool Expired { get; }

    /// <summary>Why no voluntary method may disrupt the node, or null.</summary>
    public string? Blocker { get; }

    /// <summary>The first reason the node would be disrupted for, or null when none applies.</summary>
    public DisruptionReason? PrimaryReason =>
        Retired ? DisruptionReason.Retired
        : Consolidatable && IsEmpty ? DisruptionReason.Empty
        : Drifted ? DisruptionReason.Drifted
        : Expired ? DisruptionReason.Expired
        : Underutilized ? DisruptionReason.Underutilized
        : null;

    public bool HasReason(DisruptionReason reason) => reason switch
    {
        DisruptionReason.Empty => Consolidatable && IsEmpty,
        DisruptionReason.Drifted => Drifted,
        DisruptionReason.Retired => Retired,
        DisruptionReason.Expired => Expired,
        DisruptionReason.Underutilized => Underutilized,
        _ => false, // Unhealthy is node repair's, never a voluntary command's
    };

    private static string? BlockerOf(ClusterNode node, DisruptionOptions options)
    {
        if (node.DoNotDisrupt)
        {
            return "node is annotated karpenter.sh/do-not-disrupt";
        }

        // Sorted, so the reason given never depends on the order pods were listed in.
        var pods = node.Pods.Where(p => p.NeedsHome)
            .OrderBy(p => p.Pod.Namespace, StringComparer.Ordinal).ThenBy(p => p.Pod.Name, StringComparer.Ordinal).ToList();
        if (pods.FirstOrDefault(p => p.DoNotDisrupt) is { } annotated)
        {
            return $"pod {annotated.Pod} is annotated karpenter.sh/do-not-disrupt";
        }

        if (pods.FirstOrDefault(p => p.BlockingDisruptionBudget is not null) is { } budgeted)
        {
            return $"pod {budgeted.Pod} is protected by PodDisruptionBudget {budgeted.BlockingDisruptionBudget}, which allows no disruption now";
        }

        if (pods.FirstOrDefault(p => p.Role == SparkRole.Driver && p.ApplicationRunning) is { } driver)
        {
            return $"Spark driver {driver.Pod} of running application {driver.ApplicationId ?? "(unknown)"}";
        }

        if (options.ExecutorDisruption == ExecutorDisruption.WaitForExecutors
            && pods.FirstOrDefault(p => p.Role == SparkRole.Executor && p.ApplicationRunning) is { } executor)
        {
            return $"Spark executor {executor.Pod} of running application {executor.ApplicationId ?? "(unknown)"} (waiting for executors)";
        }

        return null;
    }
}
