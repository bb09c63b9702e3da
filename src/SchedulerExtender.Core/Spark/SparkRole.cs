namespace SchedulerExtender.Core.Spark;

/// <summary>What a pod is to Spark.</summary>
public enum SparkRole
{
    /// <summary>Not a Spark pod: left alone.</summary>
    None,
    Driver,
    Executor,
}
