namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>Reports nothing (tests, tools).</summary>
public sealed class NoProvisionerMetrics : IProvisionerMetrics
{
    public static NoProvisionerMetrics Instance { get; } = new();

    public void PendingPods(int count)
    {
    }

    public void BatchPlanned(int pods, TimeSpan solveDuration)
    {
    }

    public void ClaimCreated(string nodePool)
    {
    }

    public void ClaimRegistered()
    {
    }

    public void ClaimFailed(string nodePool, string reason)
    {
    }

    public void Launched(string instanceType, string capacityType)
    {
    }

    public void NodeClaims(IReadOnlyDictionary<(string NodePool, string State), int> counts)
    {
    }

    public void PodBound(string role, TimeSpan pending)
    {
    }
}
