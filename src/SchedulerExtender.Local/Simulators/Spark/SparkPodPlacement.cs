namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>A pod of an application that ran, and on which node ("where each pod ran").</summary>
public sealed record SparkPodPlacement(string Pod, string Role, string Node);
