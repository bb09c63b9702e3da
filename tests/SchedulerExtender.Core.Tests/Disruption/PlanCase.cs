using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>One row of a planner table: nodes, pools, options and the rendered commands expected. Shown by its name.</summary>
public sealed record PlanCase(string Name, ClusterNode[] Nodes, string Expected, NodePool[]? Pools = null, DisruptionOptions? Options = null)
{
    public override string ToString() => Name;
}
