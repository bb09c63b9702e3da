namespace SchedulerExtender.Local.Simulation;

/// <summary>The state of one strategy at a point of the run: cost so far, nodes up by capacity type, CPU and memory in use.</summary>
public sealed record TimeSample(double Seconds, double Cost, int SpotNodes, int OnDemandNodes, double CpuUtilization, double MemoryUtilization);
