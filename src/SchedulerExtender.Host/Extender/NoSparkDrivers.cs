using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Used when no Kubernetes API is connected (no pod cache): no UID is known as a driver, so the
/// preempt verb spares drivers only when kube-scheduler sends whole victim pods.
/// </summary>
public sealed class NoSparkDrivers : ISparkDriverLookup
{
    public static readonly NoSparkDrivers Instance = new();

    public string? FindDriver(string podUid) => null;
}
