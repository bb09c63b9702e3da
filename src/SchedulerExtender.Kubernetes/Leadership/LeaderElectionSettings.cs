namespace SchedulerExtender.Kubernetes.Leadership;

/// <summary>
/// The coordination.k8s.io/v1 Lease that elects the provisioner's leader, and its timing
/// (client-go's defaults: a leader that cannot renew for <see cref="RenewDeadline"/> steps down;
/// others take over <see cref="LeaseDuration"/> after its last renewal).
/// </summary>
public sealed record LeaderElectionSettings
{
    public string LeaseNamespace { get; init; } = "kube-system";

    public string LeaseName { get; init; } = "schedext-provisioner";

    /// <summary>This replica's identity in the lease (the pod name in a cluster).</summary>
    public string Identity { get; init; } = Environment.MachineName;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
