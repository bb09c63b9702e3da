namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>Where an application is: driver submitted, driver running (executors working), or finished.</summary>
public enum SparkApplicationState
{
    Submitted,
    Running,
    Succeeded,
    Failed,
}
