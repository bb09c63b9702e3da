namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>
/// <c>builtin:spark-day</c>: 24 hours of a data platform's Spark applications, generated from a
/// fixed seed so every run sees the same day (Simulation/README.md explains the design):
/// arrivals follow a daily curve (a nightly ETL peak, a daytime plateau, a quiet evening), and
/// each application is ad-hoc (small, short), ETL (medium) or a large batch job.
/// </summary>
public static class SparkDayWorkload
{
    public const int DefaultApplications = 2000;
    public const int DefaultSeed = 20240612;
    private const double Day = 24 * 3600;

    /// <summary>Relative arrival rate per hour of the day (0..23), the curve arrivals are drawn from.</summary>
    public static IReadOnlyList<double> HourlyWeights { get; } =
    [
        1.0, 3.0, 3.0, 2.0, 1.0, 0.5, 0.5, 1.0, 2.0, 2.5, 2.5, 2.5,
        2.0, 2.5, 2.5, 2.5, 2.5, 2.0, 1.5, 1.0, 0.8, 0.6, 0.5, 0.5,
    ];

    public static Workload Generate(int applications = DefaultApplications, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(applications, 1);
        var random = new Random(seed);
        var cumulative = new double[HourlyWeights.Count];
        var total = 0.0;
        for (var h = 0; h < cumulative.Length; h++)
        {
            total += HourlyWeights[h];
            cumulative[h] = total;
        }

        var apps = new List<SparkApplication>(applications);
        for (var i = 0; i < applications; i++)
        {
            var draw = random.NextDouble() * total;
            var hour = Array.FindIndex(cumulative, c => c >= draw);
            var submit = Math.Round(Math.Min(Day - 1, (hour + random.NextDouble()) * 3600));
            apps.Add(Application(i, submit, random));
        }

        return new Workload(BuiltInWorkloads.Prefix + "spark-day", apps);
    }

    private static SparkApplication Application(int index, double submit, Random random)
    {
        var kind = random.NextDouble();
        var team = $"team-{random.Next(8)}";
        if (kind < 0.55)
        {
            // Ad-hoc queries and notebooks: 2-8 executors of 1 core / 2 GiB heap, 3-15 minutes.
            return Make(index, "adhoc", team, submit, driverHeap: 1024, executors: random.Next(2, 9), cores: 1, heap: 2048,
                minutes: Between(random, 3, 15));
        }

        if (kind < 0.90)
        {
            // ETL: 10-40 executors of 2 cores / 4 GiB heap, 10-40 minutes.
            return Make(index, "etl", team, submit, driverHeap: 2048, executors: random.Next(10, 41), cores: 2, heap: 4096,
                minutes: Between(random, 10, 40));
        }

        // Large batch (training sets, backfills): 60-160 executors of 4 cores / 8 GiB heap, 30-90 minutes.
        return Make(index, "batch", team, submit, driverHeap: 4096, executors: random.Next(60, 161), cores: 4, heap: 8192,
            minutes: Between(random, 30, 90));
    }

    private static SparkApplication Make(int index, string kind, string team, double submit, long driverHeap, int executors, int cores, long heap, double minutes) =>
        new(submit, $"{kind}-{index:D4}", team, 1000, BuiltInWorkloads.PodMemoryMiB(driverHeap), executors, cores * 1000L,
            BuiltInWorkloads.PodMemoryMiB(heap), Math.Round(minutes * 60));

    private static double Between(Random random, double min, double max) => min + (random.NextDouble() * (max - min));
}
