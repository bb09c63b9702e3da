namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>The simulator's mutable record of one application; only the reconcile pass changes it.</summary>
internal sealed class SparkApplicationRun(SparkApplicationSpec spec, string appId, string podPrefix, SparkWork work, DateTimeOffset submittedAt)
{
    public SparkApplicationSpec Spec { get; } = spec;

    public string AppId { get; } = appId;

    public string PodPrefix { get; } = podPrefix;

    public string DriverName => $"{PodPrefix}-driver";

    public SparkWork Work { get; } = work;

    public DateTimeOffset SubmittedAt { get; } = submittedAt;

    public SparkApplicationState State { get; set; } = SparkApplicationState.Submitted;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Message { get; set; }

    public string? DriverNode { get; set; }

    /// <summary>True once the work is done and shutdown began (executors deleted, driver exiting).</summary>
    public bool ShuttingDown { get; set; }

    public int NextExecutorId { get; set; } = 1;

    /// <summary>Executor pods asked for and not yet gone, by pod name; the value is true once decommissioning.</summary>
    public Dictionary<string, bool> Executors { get; } = new(StringComparer.Ordinal);

    /// <summary>Executors that were running at the previous pass: they did the work since then.</summary>
    public List<string> Working { get; set; } = [];

    public DateTimeOffset? LastCounted { get; set; }

    public int ExecutorsLost { get; set; }

    public int ExecutorsDecommissioned { get; set; }

    public Dictionary<string, SparkPodPlacement> Placements { get; } = new(StringComparer.Ordinal);

    /// <summary>The copy readers see; replaced (atomically) at the end of each pass.</summary>
    public SparkApplicationSnapshot Published { get; set; } = null!;

    public TaskCompletionSource<SparkApplicationSnapshot> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsFinal => State is SparkApplicationState.Succeeded or SparkApplicationState.Failed;

    public SparkApplicationSnapshot Snapshot() => new(
        AppId, Spec.Name, Spec.Namespace, State, DriverNode, Working.Count, Spec.Executors,
        Work.Done, Work.Total, Work.Redone, ExecutorsLost, ExecutorsDecommissioned,
        SubmittedAt, StartedAt, FinishedAt, Message, [.. Placements.Values]);
}
