namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>A named list of Spark applications, in submission order (ties keep their input order).</summary>
public sealed record Workload
{
    public Workload(string name, IEnumerable<SparkApplication> applications)
    {
        Name = name;
        Applications = [.. applications.OrderBy(a => a.SubmitSeconds)];
        Pods = Applications.Sum(a => (long)a.Pods);
    }

    public string Name { get; }

    public IReadOnlyList<SparkApplication> Applications { get; }

    /// <summary>Drivers plus executors, each counted once (re-created pods are not).</summary>
    public long Pods { get; }
}
