namespace SchedulerExtender.Core.Spark;

/// <summary>
/// Labels Spark itself puts on every pod it creates (spark-submit's Kubernetes backend, which the
/// Spark Operator also runs), so they identify Spark pods whoever launched them.
/// </summary>
public static class SparkLabels
{
    public const string Role = "spark-role";
    public const string AppSelector = "spark-app-selector";
    public const string DriverRole = "driver";
    public const string ExecutorRole = "executor";
}
