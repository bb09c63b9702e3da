namespace SchedulerExtender.Core.Spark;

/// <summary>Classifies a pod by Spark's own labels.</summary>
public static class SparkPodClassifier
{
    /// <summary>
    /// A pod is a Spark pod only when it carries both <c>spark-role</c> (driver or executor) and
    /// <c>spark-app-selector</c>: a lone <c>spark-role</c> label is too generic a name to trust.
    /// </summary>
    public static SparkRole Classify(Func<string, string?> label)
    {
        if (string.IsNullOrEmpty(label(SparkLabels.AppSelector)))
        {
            return SparkRole.None;
        }

        return label(SparkLabels.Role) switch
        {
            SparkLabels.DriverRole => SparkRole.Driver,
            SparkLabels.ExecutorRole => SparkRole.Executor,
            _ => SparkRole.None,
        };
    }
}
