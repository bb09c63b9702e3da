using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Cost;

/// <summary>
/// The priced nodes of one node pool, capacity type and instance type: what they cost per hour
/// now and what the same instances would cost on-demand (CNY).
/// </summary>
public sealed record CostGroup(string NodePool, CapacityType CapacityType, string InstanceType, int Nodes, double CostPerHour, double OnDemandCostPerHour);
