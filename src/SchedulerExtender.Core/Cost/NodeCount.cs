using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Cost;

/// <summary>How many nodes a node pool has of one capacity type, priced or not.</summary>
public sealed record NodeCount(string NodePool, CapacityType CapacityType, int Nodes);
