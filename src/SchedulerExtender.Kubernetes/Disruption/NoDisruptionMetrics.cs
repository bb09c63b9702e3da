namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>Metrics that go nowhere (tests, tools).</summary>
public sealed class NoDisruptionMetrics : IDisruptionMetrics
{
    public static NoDisruptionMetrics Instance { get; } = new();

    public void ActionStarted(string reason, string method, int nodes, double savingPerHour)
    {
    }

    public void ActionAbandoned(string cause)
    {
    }

    public void SpotReclaimHandled()
    {
    }

    public void Eviction(string outcome)
    {
    }

    public void OrphanCollected(string kind)
    {
    }

    public void NodeTerminated()
    {
    }
}
