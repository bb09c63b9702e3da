namespace SchedulerExtender.Bench.Results;

/// <summary>What one benchmark measured: its cases, the issues' aims checked against them, and a line on how it measured.</summary>
public sealed record BenchmarkFigures(IReadOnlyList<BenchmarkCase> Cases, IReadOnlyList<Aim> Aims, string Method);
