using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

/// <summary>Keeps the pods reported bound; the other reports are not asserted here.</summary>
internal sealed class RecordingProvisionerMetrics : IProvisionerMetrics
{
    public List<(string Role, TimeSpan Pending)> Bound { get; } = [];

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

    public void PodBound(string role, TimeSpan pending) => Bound.Add((role, pending));
}
