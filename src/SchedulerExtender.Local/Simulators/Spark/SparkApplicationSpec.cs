namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>
/// One Spark application as a workload row describes it (DESIGN.md's workload CSV): pod requests
/// (memory already including Spark's overhead — see <see cref="PodMemoryMiB"/>), executor count,
/// and <see cref="Duration"/>, the run time once every executor runs; the work is
/// executors × duration executor-seconds.
/// </summary>
public sealed record SparkApplicationSpec
{
    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    public decimal DriverCpu { get; init; } = 1;

    public long DriverMemoryMiB { get; init; } = PodMemoryMiB(512);

    public int Executors { get; init; } = 1;

    public decimal ExecutorCpu { get; init; } = 1;

    public long ExecutorMemoryMiB { get; init; } = PodMemoryMiB(512);

    public required TimeSpan Duration { get; init; }

    /// <summary>spec.schedulerName of both pods; null leaves it to the API server's default (and the webhook).</summary>
    public string? SchedulerName { get; init; }

    public string Image { get; init; } = "spark:3.5.3";

    public double WorkExecutorSeconds => Executors * Duration.TotalSeconds;

    /// <summary>
    /// The memory request Spark puts on a pod for spark.{driver,executor}.memory: the JVM heap plus
    /// spark.kubernetes.memoryOverheadFactor (0.10 for JVM jobs) of it, at least 384 MiB. 512m → 896Mi.
    /// </summary>
    public static long PodMemoryMiB(long sparkMemoryMiB) => sparkMemoryMiB + Math.Max((long)(sparkMemoryMiB * 0.10), 384);

    /// <summary>The article's job (seed/spark-pi.yaml): driver 1 CPU / 512m, 20 executors 1 CPU / 512m.</summary>
    public static SparkApplicationSpec SparkPi(TimeSpan duration, string? schedulerName = null) => new()
    {
        Name = "spark-pi",
        Executors = 20,
        Duration = duration,
        SchedulerName = schedulerName,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 40 || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Spark application name \"{Name}\" must be 1-40 lowercase letters, digits or '-'.");
        }

        if (DriverCpu <= 0 || ExecutorCpu <= 0 || DriverMemoryMiB <= 0 || ExecutorMemoryMiB <= 0)
        {
            throw new ArgumentException($"Spark application {Name}: CPU and memory requests must be positive.");
        }

        if (Executors < 1 || Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Spark application {Name}: needs at least one executor and a positive duration.");
        }
    }
}
