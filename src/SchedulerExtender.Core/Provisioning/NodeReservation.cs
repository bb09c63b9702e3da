using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a node keeps for itself, so the solver packs against allocatable, not capacity.
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
/// </summary>
public sealed record NodeReservation(int MaxPods, double VmMemoryOverheadFraction, long EvictionMemoryMiB, double EphemeralEvictionFraction)
{
    public static NodeReservation Ack { get; } = new(MaxPods: 110, VmMemoryOverheadFraction: 0.05, EvictionMemoryMiB: 100, EphemeralEvictionFraction: 0.10);

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

    public long ReservedMemoryMiB(double memoryMiB) => (long)Math.Ceiling(Math.Min((11.0 * MaxPods) + 255, memoryMiB * 0.25));

    /// <summary>Allocatable of a fresh node of this type with that much ephemeral storage.</summary>
    public ResourceAmounts Allocatable(InstanceType type, long ephemeralStorageBytes)
    {
        var cpu = (long)Math.Round(type.Vcpu * 1000) - ReservedMilliCpu(type.Vcpu);
        var capacityMiB = type.MemoryMiB * (1 - VmMemoryOverheadFraction);
        var memMiB = capacityMiB - ReservedMemoryMiB(type.MemoryMiB) - EvictionMemoryMiB;
        return new ResourceAmounts(Math.Max(0, cpu), Math.Max(0, (long)(memMiB * 1024 * 1024)), AllocatableEphemeralStorage(ephemeralStorageBytes), MaxPods);
    }

    /// <summary>The system disk less the kubelet's nodefs eviction threshold.</summary>
    public long AllocatableEphemeralStorage(long bytes) => bytes - (long)Math.Round(bytes * EphemeralEvictionFraction);
}
