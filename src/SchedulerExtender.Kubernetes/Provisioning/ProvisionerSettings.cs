using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>Timing of the provisioner (the host binds them from the <c>Provisioner</c> options section).</summary>
public sealed record ProvisionerSettings
{
    public BatchWindow Batch { get; init; } = BatchWindow.Default;

    public TimeSpan NoStockTtl { get; init; } = NoStockMemory.DefaultTtl;

    public TimeSpan RegistrationTimeout { get; init; } = NodeClaimLifecycle.DefaultRegistrationTimeout;

    /// <summary>How often claims are reconciled and the batch window checked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SolverOptions Solver { get; init; } = SolverOptions.Default;
}
