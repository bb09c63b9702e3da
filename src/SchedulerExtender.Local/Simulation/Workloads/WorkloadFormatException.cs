namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>A workload that cannot be read; <see cref="Errors"/> lists every problem, each naming its line.</summary>
public sealed class WorkloadFormatException(string source, IReadOnlyList<string> errors)
    : FormatException($"{source}: {string.Join(Environment.NewLine + "  ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
