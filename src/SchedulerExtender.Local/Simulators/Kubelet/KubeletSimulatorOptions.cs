using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>Timing and node shape of the simulated kubelets.</summary>
public sealed record KubeletSimulatorOptions
{
    /// <summary>From the instance reaching Running to its Node registering (the article's ~40 s for ContainerOS).</summary>
    public TimeSpan BootDelay { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The longest wait between passes (grace periods and boot delays are checked on each).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What the node keeps for itself: capacity minus this is allocatable.</summary>
    public NodeReservation Reservation { get; init; } = NodeReservation.Ack;

    /// <summary>The system disk, the node's ephemeral-storage capacity (the emulator does not keep disk sizes).</summary>
    public int SystemDiskGiB { get; init; } = 40;

    /// <summary>
    /// Taint keys that a node's own start-up removes once it is Ready (Karpenter's startupTaints:
    /// a CNI or agent taint), after <see cref="StartupTaintRemovalDelay"/>.
    /// </summary>
    public IReadOnlyList<string> StartupTaintKeys { get; init; } = [];

    public TimeSpan StartupTaintRemovalDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The kubelet version nodes report.</summary>
    public string KubeletVersion { get; init; } = "v1.31.1-aliyun.1";
}
