namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>
/// The work model of one application (see Simulators/README.md): the job is a number of
/// executor-seconds, cut into tasks of <see cref="TaskSeconds"/>. Each running executor works on
/// one task at a time; a finished task is committed. An executor decommissioned gracefully
/// finishes its task within the grace period (committed); one lost abruptly loses its task in
/// progress, which is done again by another executor (<see cref="Redone"/>). Not thread-safe:
/// one simulator pass owns it.
/// </summary>
public sealed class SparkWork
{
    private readonly Dictionary<string, double> _inProgress = new(StringComparer.Ordinal);

    public SparkWork(double totalExecutorSeconds, double taskSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalExecutorSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taskSeconds);
        Total = totalExecutorSeconds;
        TaskSeconds = taskSeconds;
    }

    public double Total { get; }

    public double TaskSeconds { get; }

    /// <summary>Executor-seconds of finished tasks.</summary>
    public double Committed { get; private set; }

    /// <summary>Executor-seconds lost with executors that died abruptly (to be done again).</summary>
    public double Redone { get; private set; }

    public double InProgress => _inProgress.Values.Sum();

    /// <summary>Progress, at most <see cref="Total"/>.</summary>
    public double Done => Math.Min(Total, Committed + InProgress);

    public bool IsDone => Committed + InProgress >= Total;

    /// <summary>Each of <paramref name="executors"/> worked <paramref name="seconds"/> more; whole tasks are committed.</summary>
    public void Advance(IEnumerable<string> executors, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        foreach (var executor in executors)
        {
            var progress = _inProgress.GetValueOrDefault(executor) + seconds;
            var tasks = Math.Floor(progress / TaskSeconds);
            Committed += tasks * TaskSeconds;
            _inProgress[executor] = progress - (tasks * TaskSeconds);
        }
    }

    /// <summary>The executor died without notice (node lost, pod failed): its task in progress is redone.</summary>
    public void Lose(string executor)
    {
        if (_inProgress.Remove(executor, out var lost))
        {
            Redone += lost;
        }
    }

    /// <summary>The executor was asked to stop (SIGTERM) and decommissions: its task finishes and counts.</summary>
    public void Decommission(string executor)
    {
        if (_inProgress.Remove(executor, out var finishing))
        {
            Committed += finishing;
        }
    }
}
