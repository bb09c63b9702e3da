namespace SchedulerExtender.Bench.Extender;

/// <summary>One result of the extender benchmark, named for a results file: e.g. <c>extender.http.names.5000.prioritize.seq_p99</c> in ms.</summary>
internal sealed record Figure(string Name, double Value, string Unit);
