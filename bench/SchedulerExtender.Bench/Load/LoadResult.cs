namespace SchedulerExtender.Bench.Load;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Ok, long Failed);
