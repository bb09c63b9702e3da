using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Plans node disruption as Karpenter's disruption controller does (plan → validate → execute),
/// pure and deterministic: the caller executes the commands.
/// <list type="number">
/// <item><see cref="Plan"/>: spot reclaim notices get <see cref="InterruptionCommand"/>s at once,
/// outside budgets; otherwise the voluntary methods (empty, drift/expiry, multi-node, single-node)
/// run in order and the first that finds something returns its commands, within budgets.</item>
/// <item><see cref="Validate"/>: after <see cref="DisruptionOptions.ValidationDelay"/>, on a fresh
/// snapshot, the command must still hold (same nodes, still candidates, no pod change since the
/// decision, budgets, and the same kind of outcome when simulated again).</item>
/// </list>
/// Never disrupted voluntarily: nodes or pods annotated <c>karpenter.sh/do-not-disrupt</c>, nodes
/// with a Spark driver of a running application, and (unless <see cref="ExecutorDisruption.Graceful"/>)
/// nodes with executors of a running application. DaemonSet and terminal pods never block.
/// </summary>
public static class DisruptionPlanner
{
    /// <summary>The taint a node gets when its termination starts, so nothing new is scheduled there.</summary>
    public static Taint DisruptedTaint { get; } = new(NodeFilter.DisruptedTaintKey, null, "NoSchedule");

    public static DisruptionPlan Plan(ClusterSnapshot snapshot, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, DisruptionOptions? options = null)
    {
        options ??= DisruptionOptions.Default;
        var pools = Check(snapshot, catalog);
        var assessments = snapshot.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new NodeAssessment(n, pools.GetValueOrDefault(n.NodePool), now, options)).ToList();
        var blocked = assessments
            .Where(a => a.Blocker is not null && a.PrimaryReason is not null)
            .Select(a => new BlockedCandidate(a.Node.Name, a.PrimaryReason!.Value, a.Blocker!))
            .ToList();
        var simulation = new ClusterSimulation(snapshot, catalog, now, options.Solver);
        var interruptions = InterruptionPlanner.Plan(snapshot, simulation, now, options);
        if (interruptions.Count > 0)
        {
            // Reclaims change the cluster under our feet: plan voluntary work on the next pass.
            return new DisruptionPlan(interruptions, [], blocked);
        }

        var methods = new VoluntaryMethods(
            [.. assessments.Where(a => a.Blocker is null)],
            new BudgetTracker(snapshot.Nodes, now),
            new ActionEvaluator(simulation, now, options),
            options,
            blocked);
        var commands = methods.Run();
        return new DisruptionPlan(interruptions, commands, blocked);
    }

    /// <summary>Checks <paramref name="command"/> again on <paramref name="later"/>, taken at <paramref name="now"/>.</summary>
    public static CommandValidation Validate(DisruptionCommand command, ClusterSnapshot later, IReadOnlyList<InstanceType> catalog, DateTimeOffset now, DisruptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= DisruptionOptions.Default;
        var pools = Check(later, catalog);
        if (now < command.ValidateAfter)
        {
            return CommandValidation.Invalid($"too early: validate at {command.ValidateAfter:O} or later");
        }

        var byName = later.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var budgets = new BudgetTracker(later.Nodes, now);
        var nodes = new List<ClusterNode>();
        foreach (var name in command.Nodes)
        {
            if (!byName.TryGetValue(name, out var node))
            {
                return CommandValidation.Invalid($"node {name} is gone");
            }

            var a = new NodeAssessment(node, pools.GetValueOrDefault(node.NodePool), now, options);
            var why = !a.Eligible ? $"node {name} is being disrupted, reclaimed, not ready or without its nodepool"
                : node.LastPodEventAt > command.DecidedAt ? $"pods changed on node {name} since the decision"
                : a.Blocker is not null ? $"node {name}: {a.Blocker}"
                : !a.HasReason(command.Reason) ? $"node {name} is no longer a candidate for {command.Reason}"
                : budgets.TryTake(a, command.Reason);
            if (why is not null)
            {
                return CommandValidation.Invalid(why);
            }

            nodes.Add(node);
        }

        var evaluator = new ActionEvaluator(new ClusterSimulation(later, catalog, now, options.Solver), now, options);
        var (again, whyNot) = evaluator.Evaluate(nodes, command.Reason);
        if (again is null)
        {
            return CommandValidation.Invalid(whyNot!);
        }

        if (again.IsDelete != command.IsDelete)
        {
            return CommandValidation.Invalid(command.IsDelete
                ? "the pods no longer fit on the other nodes without a replacement"
                : "the pods now fit without a replacement: plan again");
        }

        return CommandValidation.Valid;
    }

    private static Dictionary<string, NodePool> Check(ClusterSnapshot snapshot, IReadOnlyList<InstanceType> catalog)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(catalog);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes)
        {
            if (!seen.Add(node.Name))
            {
                throw new ArgumentException($"Node {node.Name} is listed twice in the snapshot.", nameof(snapshot));
            }

            if (node.Allocatable.Pods <= 0)
            {
                throw new ArgumentException($"Node {node.Name}: allocatable pods must be positive (got {node.Allocatable.Pods}).", nameof(snapshot));
            }
        }

        var pools = new Dictionary<string, NodePool>(StringComparer.Ordinal);
        foreach (var state in snapshot.NodePools)
        {
            pools[state.Pool.Name] = state.Pool;
        }

        return pools;
    }
}
