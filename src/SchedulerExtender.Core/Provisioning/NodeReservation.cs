using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a node keeps for itself, so the solver packs against allocatable, not capacity. The
/// kubelet's rule: allocatable = capacity − kube-reserved − system-reserved − the hard eviction
/// threshold (soft thresholds reserve nothing: they only evict later), pods = max-pods, capped at
/// pods-per-core × vCPUs when that is set.
///
/// ACK's default reservation (Alibaba Cloud, "Resource reservation policy",
/// https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/resource-reservation-policy,
/// also applied by the Karpenter Alibaba Cloud provider when it computes allocatable):
///   CPU reserved    = 6 % of the 1st core + 1 % of the 2nd + 0.5 % of the 3rd and 4th
///                     + 0.25 % of every core above 4        (4 vCPU: 80m, 8 vCPU: 90m, 64 vCPU: 230m)
///   memory reserved = min(11 MiB × max pods + 255 MiB, 25 % of memory)
/// plus the kubelet's hard eviction threshold memory.available &lt; 100 MiB, and the guest
/// memory the kernel keeps (ACK's own example: a 4 vCPU / 8 GiB node reports capacity 7925980Ki,
/// 5.5 % under nominal; we assume 5 %). Ephemeral storage: 10 % nodefs eviction threshold.
/// The same example shows 3900m allocatable of 4 vCPU, 20m less than the formula gives; the
/// formula is followed, and every factor here is a record field so a cluster can override it.
///
/// An ECSNodeClass's kubeletConfiguration changes this per class (<see cref="WithKubelet"/>).
/// </summary>
public sealed record NodeReservation(int MaxPods, double VmMemoryOverheadFraction, EvictionThreshold MemoryEviction, EvictionThreshold NodefsEviction)
{
    private const double MiB = 1024.0 * 1024;

    public static NodeReservation Ack { get; } = new(
        MaxPods: 110, VmMemoryOverheadFraction: 0.05, MemoryEviction: EvictionThreshold.OfBytes(100L << 20), NodefsEviction: EvictionThreshold.OfPercent(10));

    /// <summary>The kubelet's podsPerCore: pod slots are at most this many per vCPU. 0: no such cap.</summary>
    public int PodsPerCore { get; init; }

    /// <summary>CPU reserved (kubeReserved + systemReserved) in millicores; null: ACK's tiered formula.</summary>
    public long? FixedCpuMilli { get; init; }

    /// <summary>Memory reserved (kubeReserved + systemReserved) in bytes; null: ACK's formula.</summary>
    public long? FixedMemoryBytes { get; init; }

    /// <summary>Ephemeral storage reserved (kubeReserved + systemReserved) in bytes; ACK reserves none.</summary>
    public long FixedEphemeralStorageBytes { get; init; }

    /// <summary>
    /// This reservation under a node class's kubelet settings, following the kubelet's rule:
    /// <list type="bullet">
    /// <item>maxPods and podsPerCore set the pod slots, and so ACK's memory formula (11 MiB a pod).</item>
    /// <item>A resource named in kubeReserved or systemReserved is reserved as their sum, in place of
    /// ACK's formula for that resource; a resource named in neither keeps ACK's formula. Per
    /// resource, because a bootstrap that passes <c>--kube-reserved=cpu=…</c> alone still gets ACK's
    /// memory reservation on an ACK image, and planning with none would over-pack that node; if the
    /// node in fact reserves less, the plan is only conservative.</item>
    /// <item>evictionHard memory.available and nodefs.available replace the 100 MiB and 10 %
    /// defaults; a signal not named keeps its default, for the same reason (a kubelet given some
    /// thresholds may zero the others, and then the plan errs on the safe side).</item>
    /// <item>pid reservations, evictionSoft (it evicts, it does not reserve) and the rest change no
    /// allocatable the solver packs.</item>
    /// </list>
    /// Without such settings the result is this very instance, so the solver's common path (one
    /// reservation for every pool) stays one set of prepared instance types.
    /// </summary>
    public NodeReservation WithKubelet(KubeletConfiguration? kubelet)
    {
        if (kubelet is null)
        {
            return this;
        }

        var result = this;
        if (kubelet.MaxPods is { } maxPods)
        {
            result = result with { MaxPods = maxPods };
        }

        if (kubelet.PodsPerCore is { } podsPerCore)
        {
            result = result with { PodsPerCore = podsPerCore };
        }

        if (Reserved(kubelet, "cpu", KubernetesQuantity.ParseMilli) is { } cpu)
        {
            result = result with { FixedCpuMilli = cpu };
        }

        if (Reserved(kubelet, "memory", KubernetesQuantity.ParseWhole) is { } memory)
        {
            result = result with { FixedMemoryBytes = memory };
        }

        if (Reserved(kubelet, "ephemeral-storage", KubernetesQuantity.ParseWhole) is { } ephemeral)
        {
            result = result with { FixedEphemeralStorageBytes = ephemeral };
        }

        if (kubelet.EvictionHard.TryGetValue("memory.available", out var memoryText) && EvictionThreshold.Parse(memoryText) is { } memoryEviction)
        {
            result = result with { MemoryEviction = memoryEviction };
        }

        if (kubelet.EvictionHard.TryGetValue("nodefs.available", out var nodefsText) && EvictionThreshold.Parse(nodefsText) is { } nodefsEviction)
        {
            result = result with { NodefsEviction = nodefsEviction };
        }

        return result == this ? this : result;
    }

    /// <summary>The pod slots of a node of this type: max pods, capped at pods-per-core × vCPUs when that is set.</summary>
    public int Pods(InstanceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return PodsPerCore > 0 ? (int)Math.Min(MaxPods, PodsPerCore * (long)Math.Round(type.Vcpu)) : MaxPods;
    }

    public static long ReservedMilliCpu(double vcpu)
    {
        var milli = vcpu * 1000;
        double reserved = 0;
        (double UpTo, double Fraction)[] tiers = [(1000, 0.06), (2000, 0.01), (4000, 0.005)];
        var below = 0d;
        foreach (var (upTo, fraction) in tiers)
        {
            reserved += Math.Max(0, Math.Min(milli, upTo) - below) * fraction;
            below = upTo;
        }

        reserved += Math.Max(0, milli - 4000) * 0.0025;
        return (long)Math.Ceiling(reserved);
    }

    /// <summary>ACK's memory reservation for a node of <see cref="MaxPods"/> pod slots.</summary>
    public long ReservedMemoryMiB(double memoryMiB) => AckReservedMemoryMiB(memoryMiB, MaxPods);

    /// <summary>Nominal capacity (what Karpenter counts against a pool's limits and a claim reports): vCPUs, memory, the disk, pod slots.</summary>
    public ResourceAmounts Capacity(InstanceType type, long ephemeralStorageBytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new ResourceAmounts((long)Math.Round(type.Vcpu * 1000), (long)(type.MemoryMiB * 1024 * 1024), ephemeralStorageBytes, Pods(type));
    }

    /// <summary>Allocatable of a fresh node of this type with that much ephemeral storage.</summary>
    public ResourceAmounts Allocatable(InstanceType type, long ephemeralStorageBytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        var pods = Pods(type);
        var cpu = (long)Math.Round(type.Vcpu * 1000) - (FixedCpuMilli ?? ReservedMilliCpu(type.Vcpu));
        var capacityMiB = type.MemoryMiB * (1 - VmMemoryOverheadFraction);
        var reservedMiB = FixedMemoryBytes is { } fixedBytes ? fixedBytes / MiB : AckReservedMemoryMiB(type.MemoryMiB, pods);
        var memMiB = capacityMiB - reservedMiB - MemoryEviction.OfMiB(capacityMiB);
        return new ResourceAmounts(Math.Max(0, cpu), Math.Max(0, (long)(memMiB * 1024 * 1024)), AllocatableEphemeralStorage(ephemeralStorageBytes), pods);
    }

    /// <summary>The system disk less the ephemeral storage reserved and the kubelet's nodefs eviction threshold.</summary>
    public long AllocatableEphemeralStorage(long bytes) => Math.Max(0, bytes - FixedEphemeralStorageBytes - NodefsEviction.Of(bytes));

    private static long AckReservedMemoryMiB(double memoryMiB, long pods) => (long)Math.Ceiling(Math.Min((11.0 * pods) + 255, memoryMiB * 0.25));

    /// <summary>kubeReserved[resource] + systemReserved[resource] when either names it; null when neither does.</summary>
    private static long? Reserved(KubeletConfiguration kubelet, string resource, Func<string?, long?> parse)
    {
        var kube = kubelet.KubeReserved.GetValueOrDefault(resource);
        var system = kubelet.SystemReserved.GetValueOrDefault(resource);
        return kube is null && system is null ? null : (parse(kube) ?? 0) + (parse(system) ?? 0);
    }
}
