namespace SchedulerExtender.Core.Resources;

/// <summary>
/// CPU in millicores, memory and ephemeral storage in bytes, and pod slots: what the solver packs
/// and (CPU and memory only) what the extender's scorer weighs; each ignores what it does not use.
/// Integers, like kube-scheduler's own accounting, so sums and comparisons are exact and plans
/// reproducible.
/// </summary>
public readonly record struct ResourceAmounts(long MilliCpu, long MemoryBytes, long EphemeralStorageBytes, long Pods)
{
    /// <summary>CPU and memory only (the scorer's view; no ephemeral storage, no pod slot).</summary>
    public ResourceAmounts(long milliCpu, long memoryBytes)
        : this(milliCpu, memoryBytes, 0, 0)
    {
    }

    public static ResourceAmounts Zero => default;

    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu + b.MilliCpu, a.MemoryBytes + b.MemoryBytes, a.EphemeralStorageBytes + b.EphemeralStorageBytes, a.Pods + b.Pods);

    public static ResourceAmounts operator -(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu - b.MilliCpu, a.MemoryBytes - b.MemoryBytes, a.EphemeralStorageBytes - b.EphemeralStorageBytes, a.Pods - b.Pods);

    /// <summary>The per-resource maximum (how kube-scheduler combines init containers with the rest).</summary>
    public static ResourceAmounts Max(ResourceAmounts a, ResourceAmounts b) => new(
        Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.MemoryBytes, b.MemoryBytes),
        Math.Max(a.EphemeralStorageBytes, b.EphemeralStorageBytes), Math.Max(a.Pods, b.Pods));

    /// <summary>The per-resource minimum.</summary>
    public static ResourceAmounts Min(ResourceAmounts a, ResourceAmounts b) => new(
        Math.Min(a.MilliCpu, b.MilliCpu), Math.Min(a.MemoryBytes, b.MemoryBytes),
        Math.Min(a.EphemeralStorageBytes, b.EphemeralStorageBytes), Math.Min(a.Pods, b.Pods));

    public ResourceAmounts Times(long count) =>
        new(MilliCpu * count, MemoryBytes * count, EphemeralStorageBytes * count, Pods * count);

    /// <summary>How many copies of <paramref name="request"/> fit in this capacity (0 when one does not).</summary>
    public long CopiesOf(ResourceAmounts request)
    {
        var copies = long.MaxValue;
        copies = Math.Min(copies, Ratio(MilliCpu, request.MilliCpu));
        copies = Math.Min(copies, Ratio(MemoryBytes, request.MemoryBytes));
        copies = Math.Min(copies, Ratio(EphemeralStorageBytes, request.EphemeralStorageBytes));
        copies = Math.Min(copies, Ratio(Pods, request.Pods));
        return copies;
    }

    public override string ToString() =>
        $"cpu={MilliCpu}m memory={MemoryBytes / (1024 * 1024)}Mi ephemeral-storage={EphemeralStorageBytes / (1024 * 1024)}Mi pods={Pods}";

    private static long Ratio(long capacity, long request) =>
        request <= 0 ? (capacity < 0 ? 0 : long.MaxValue) : Math.Max(0, capacity / request);
}
