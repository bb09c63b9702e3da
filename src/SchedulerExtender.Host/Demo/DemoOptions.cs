namespace SchedulerExtender.Host.Demo;

/// <summary>How the <c>make run</c> demo runs the article's job.</summary>
public sealed record DemoOptions
{
    /// <summary>Run time of spark-pi once its 20 executors run (the work is 20 × this).</summary>
    public TimeSpan JobDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the live view refreshes (printed only when something changed).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the job to finish.</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait, after the job, for consolidation to remove every node and instance.</summary>
    public TimeSpan NodesGoneTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
