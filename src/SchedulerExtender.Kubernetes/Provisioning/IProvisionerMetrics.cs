namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>What the provisioner reports; the host turns it into Prometheus metrics.</summary>
public interface IProvisionerMetrics
{
    void PendingPods(int count);

    void BatchPlanned(int pods, TimeSpan solveDuration);

    /// <summary>A claim of <paramref name="nodePool"/> was created.</summary>
    void ClaimCreated(string nodePool);

    void ClaimRegistered();

    /// <summary>A claim of <paramref name="nodePool"/> given up: <paramref name="reason"/> is one of a few fixed words (insufficient_capacity, registration_timeout, instance_gone, node_gone, launch_error).</summary>
    void ClaimFailed(string nodePool, string reason);

    void Launched(string instanceType, string capacityType);

    /// <summary>The claims of one pass by node pool and <see cref="NodeClaimStates"/> state: a complete picture, so combinations absent from it are now zero.</summary>
    void NodeClaims(IReadOnlyDictionary<(string NodePool, string State), int> counts);

    /// <summary>A pod was bound after waiting <paramref name="pending"/> since its creation; <paramref name="role"/> is driver, executor or none.</summary>
    void PodBound(string role, TimeSpan pending);
}
