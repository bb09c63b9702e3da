namespace SchedulerExtender.Core.Extender;

/// <summary>
/// The Spark drivers among the cluster's pods, by UID: kube-scheduler names preemption victims by
/// UID only when the extender is <c>nodeCacheCapable</c>, so whether a victim is a driver has to
/// come from a pod cache the process keeps.
/// </summary>
public interface ISparkDriverLookup
{
    /// <summary>
    /// The driver pod's <c>namespace/name</c> when <paramref name="podUid"/> is a Spark driver the
    /// lookup knows; null otherwise, an unknown UID included (it is then not treated as a driver).
    /// </summary>
    string? FindDriver(string podUid);
}
