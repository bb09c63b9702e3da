namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>Loads <c>--workload</c>: <c>builtin:NAME</c> or the path of a workload CSV.</summary>
public static class WorkloadSource
{
    /// <exception cref="WorkloadFormatException">The CSV has bad rows, or the built-in name is unknown.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Workload Load(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.StartsWith(BuiltInWorkloads.Prefix, StringComparison.Ordinal))
        {
            var name = spec[BuiltInWorkloads.Prefix.Length..];
            return BuiltInWorkloads.Find(name)
                ?? throw new WorkloadFormatException(spec, [$"no built-in workload \"{name}\"; built-in: {string.Join(", ", BuiltInWorkloads.Names.Select(n => BuiltInWorkloads.Prefix + n))}"]);
        }

        using var reader = File.OpenText(spec);
        return WorkloadCsv.Parse(reader, spec);
    }
}
