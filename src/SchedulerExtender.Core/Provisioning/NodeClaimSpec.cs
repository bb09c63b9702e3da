using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a node claim asks for, as stored on the NodeClaim object (spec.requirements and
/// spec.resources): the pool, the instance types allowed (cheapest first), the capacity types to
/// try in order (the on-demand fallback last), the zones allowed (empty: any) and the pods'
/// summed requests. The launch is built from this, not from the plan kept in memory, so a
/// provisioner that restarts before launching still launches the same thing.
/// </summary>
public sealed record NodeClaimSpec(
    string NodePool,
    IReadOnlyList<string> InstanceTypes,
    IReadOnlyList<CapacityType> CapacityTypes,
    IReadOnlyList<string> Zones,
    ResourceAmounts Requests)
{
    public static NodeClaimSpec From(NodeClaimPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var capacityTypes = new List<CapacityType> { plan.CapacityType };
        capacityTypes.AddRange(plan.Candidates.Select(c => c.Offering.CapacityType).Where(c => !capacityTypes.Contains(c)));
        if (plan.OnDemandFallback && !capacityTypes.Contains(CapacityType.OnDemand))
        {
            capacityTypes.Add(CapacityType.OnDemand);
        }

        return new NodeClaimSpec(
            plan.NodePool,
            [.. plan.Candidates.Select(c => c.InstanceType).Distinct(StringComparer.Ordinal)],
            capacityTypes,
            plan.Zones,
            plan.Requests);
    }
}
