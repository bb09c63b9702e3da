using System.Globalization;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Responds to spot reclaim notices, node by node in name order: the reclaimed offering is ruled
/// out for the replacements of this and later nodes, and each node's plan takes the room it uses
/// on other nodes so two reclaimed nodes never count on the same free space.
/// </summary>
internal static class InterruptionPlanner
{
    public static List<InterruptionCommand> Plan(ClusterSnapshot snapshot, ClusterSimulation simulation, DateTimeOffset now, DisruptionOptions options)
    {
        var commands = new List<InterruptionCommand>();
        var unavailable = new List<UnavailableOffering>();
        foreach (var node in snapshot.Nodes.Where(n => n.ReclaimNoticeAt is not null && !n.Disrupting).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var offering = new UnavailableOffering(node.InstanceType, node.Zone, node.CapacityType, now + options.ReclaimedOfferingTtl);
            unavailable.Add(offering);
            var plan = simulation.Simulate([node], [.. unavailable]);
            simulation.Consume(plan);
            var evict = node.Pods.Where(p => p.NeedsHome)
                .OrderBy(p => p.Role switch { SparkRole.Executor => 0, SparkRole.None => 1, _ => 2 })
                .ThenBy(p => p.Pod.Namespace, StringComparer.Ordinal).ThenBy(p => p.Pod.Name, StringComparer.Ordinal)
                .Select(p => p.Pod).ToList();
            var why = string.Create(CultureInfo.InvariantCulture,
                $"spot reclaim notice at {node.ReclaimNoticeAt!.Value:O}: {evict.Count} pods to move, {plan.OnInFlight.Count} fit on other nodes, {plan.NewClaims.Count} replacement nodes, {plan.Unschedulable.Count} fit nowhere");
            commands.Add(new InterruptionCommand(node.Name, offering, DisruptionPlanner.DisruptedTaint, plan, evict, why));
        }

        return commands;
    }
}
