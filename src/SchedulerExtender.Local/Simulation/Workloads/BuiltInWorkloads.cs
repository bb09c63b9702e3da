namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>
/// The workloads shipped with the simulator (see Simulation/README.md): <c>spark-pi</c>, the
/// article's job, and <c>spark-day</c>, a day of mixed Spark applications.
/// </summary>
public static class BuiltInWorkloads
{
    public const string Prefix = "builtin:";

    /// <summary>Spark's pod memory for a heap of <paramref name="heapMiB"/>: heap + max(384 MiB, 10 %), spark.kubernetes.memoryOverheadFactor's default.</summary>
    public static long PodMemoryMiB(long heapMiB) => heapMiB + Math.Max(384, heapMiB / 10);

    public static IReadOnlyList<string> Names { get; } = ["spark-pi", "spark-day"];

    /// <summary>A built-in workload by name (without the prefix), or null when there is none.</summary>
    public static Workload? Find(string name) => name switch
    {
        "spark-pi" => SparkPi(),
        "spark-day" => SparkDayWorkload.Generate(),
        _ => null,
    };

    /// <summary>
    /// The article's spark-pi (seed/spark-pi.yaml): driver and 20 executors of 1 core and
    /// <c>memory: 512m</c>, i.e. 896 MiB pod requests. It runs 5 minutes once its executors run:
    /// long beside the 40 s node boot, short enough to watch.
    /// </summary>
    public static Workload SparkPi()
    {
        var memory = PodMemoryMiB(512);
        return new Workload(Prefix + "spark-pi", [new SparkApplication(0, "spark-pi", "default", 1000, memory, 20, 1000, memory, 300)]);
    }
}
