using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>A node group of one instance type bought one way (Cluster Autoscaler's group, the fixed pool).</summary>
internal sealed record NodeGroup(InstanceType Type, Offering Offering);
