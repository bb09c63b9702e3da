namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Budgets during one planning pass: each node taken counts as disrupting for every later
/// decision of the pass, whatever its reason.
/// </summary>
internal sealed class BudgetTracker
{
    private readonly Dictionary<string, int> nodeCount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> disrupting = new(StringComparer.Ordinal);
    private readonly DateTimeOffset now;

    public BudgetTracker(IEnumerable<ClusterNode> nodes, DateTimeOffset now)
    {
        this.now = now;
        foreach (var node in nodes)
        {
            nodeCount[node.NodePool] = nodeCount.GetValueOrDefault(node.NodePool) + 1;
            if (node.Disrupting || !node.Ready)
            {
                disrupting[node.NodePool] = disrupting.GetValueOrDefault(node.NodePool) + 1;
            }
        }
    }

    public int Allowed(NodeAssessment node, DisruptionReason reason) =>
        DisruptionBudgets.Allowed(node.Pool!, nodeCount.GetValueOrDefault(node.Node.NodePool), disrupting.GetValueOrDefault(node.Node.NodePool), reason, now);

    /// <summary>Takes one disruption from the node's pool, or says why the budget forbids it.</summary>
    public string? TryTake(NodeAssessment node, DisruptionReason reason)
    {
        if (Allowed(node, reason) <= 0)
        {
            return Exhausted(node, reason);
        }

        Take(node);
        return null;
    }

    public static string Exhausted(NodeAssessment node, DisruptionReason reason) =>
        $"nodepool {node.Node.NodePool}: disruption budget allows no more {reason} disruptions now";

    public void Take(NodeAssessment node) =>
        disrupting[node.Node.NodePool] = disrupting.GetValueOrDefault(node.Node.NodePool) + 1;
}
