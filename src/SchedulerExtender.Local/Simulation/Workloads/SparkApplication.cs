namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>
/// One Spark application of a workload: when it is submitted, its driver and executor pod
/// requests (CPU in millicores, memory in MiB as the pod request, i.e. Spark's heap plus its
/// memory overhead) and how long it runs once its executors run. Its work is
/// <see cref="Executors"/> × <see cref="DurationSeconds"/> executor-seconds.
/// </summary>
public sealed record SparkApplication(
    double SubmitSeconds,
    string App,
    string Namespace,
    long DriverMilliCpu,
    long DriverMemoryMiB,
    int Executors,
    long ExecutorMilliCpu,
    long ExecutorMemoryMiB,
    double DurationSeconds)
{
    /// <summary>The driver and its executors.</summary>
    public int Pods => 1 + Executors;
}
