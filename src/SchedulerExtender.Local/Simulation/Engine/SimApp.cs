using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// A Spark application's progress: its work is executors × duration executor-seconds, done at
/// the rate of its running executors. A completion event carries <see cref="Version"/>; any
/// change of rate bumps it, so stale completions are ignored.
/// </summary>
internal sealed class SimApp(int index, SparkApplication spec, PodTemplate driver, PodTemplate executor)
{
    public int Index { get; } = index;

    public SparkApplication Spec { get; } = spec;

    public PodTemplate DriverTemplate { get; } = driver;

    public PodTemplate ExecutorTemplate { get; } = executor;

    public SimPod? Driver { get; set; }

    public List<SimPod> Executors { get; } = [];

    public double RemainingWork { get; set; } = spec.Executors * spec.DurationSeconds;

    public int Running { get; set; }

    public double ProgressAt { get; set; }

    public long Version { get; set; }

    public int ExecutorSerial { get; set; }

    public int DriverSerial { get; set; }

    public bool Done { get; set; }

    public int Restarts { get; set; }

    /// <summary>Brings <see cref="RemainingWork"/> up to <paramref name="now"/> at the current rate.</summary>
    public void Advance(double now)
    {
        RemainingWork = Math.Max(0, RemainingWork - (Running * (now - ProgressAt)));
        ProgressAt = now;
    }
}
