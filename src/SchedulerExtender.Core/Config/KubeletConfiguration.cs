namespace SchedulerExtender.Core.Config;

/// <summary>
/// An ECSNodeClass's <c>spec.kubeletConfiguration</c> (the Alibaba Cloud provider's
/// <c>KubeletConfiguration</c>, a subset of the upstream kubelet's), validated. Quantities,
/// percentages and durations are kept as written: they are passed to the kubelet as flags
/// (<see cref="KubeletFlags"/>) and hashed for drift as they are, and the node reservation reads
/// its numbers from them (<see cref="Provisioning.NodeReservation.WithKubelet"/>). Null or empty:
/// not set, the node's defaults apply.
/// </summary>
public sealed record KubeletConfiguration
{
    // Before Empty: static initializers run in order, and Empty's maps are this one.
    private static readonly IReadOnlyDictionary<string, string> NoEntries = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public static KubeletConfiguration Empty { get; } = new();

    /// <summary>The eviction signals the provider accepts, for evictionHard, evictionSoft and evictionSoftGracePeriod.</summary>
    public static IReadOnlyList<string> EvictionSignals { get; } =
        ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"];

    /// <summary>The resources systemReserved and kubeReserved may name.</summary>
    public static IReadOnlyList<string> ReservableResources { get; } = ["cpu", "memory", "ephemeral-storage", "pid"];

    public IReadOnlyList<string> ClusterDns { get; init; } = [];

    public int? MaxPods { get; init; }

    public int? PodsPerCore { get; init; }

    public IReadOnlyDictionary<string, string> SystemReserved { get; init; } = NoEntries;

    public IReadOnlyDictionary<string, string> KubeReserved { get; init; } = NoEntries;

    public IReadOnlyDictionary<string, string> EvictionHard { get; init; } = NoEntries;

    public IReadOnlyDictionary<string, string> EvictionSoft { get; init; } = NoEntries;

    public IReadOnlyDictionary<string, string> EvictionSoftGracePeriod { get; init; } = NoEntries;

    public int? EvictionMaxPodGracePeriod { get; init; }

    public int? ImageGcHighThresholdPercent { get; init; }

    public int? ImageGcLowThresholdPercent { get; init; }

    public bool? CpuCfsQuota { get; init; }

    /// <summary>Whether anything is set (an empty <c>kubeletConfiguration: {}</c> changes nothing).</summary>
    public bool IsEmpty =>
        ClusterDns.Count == 0 && MaxPods is null && PodsPerCore is null && SystemReserved.Count == 0 && KubeReserved.Count == 0
        && EvictionHard.Count == 0 && EvictionSoft.Count == 0 && EvictionSoftGracePeriod.Count == 0 && EvictionMaxPodGracePeriod is null
        && ImageGcHighThresholdPercent is null && ImageGcLowThresholdPercent is null && CpuCfsQuota is null;
}
