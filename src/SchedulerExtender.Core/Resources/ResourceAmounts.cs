namespace SchedulerExtender.Core.Resources;

/// <summary>
/// The resources the solver packs: CPU in millicores, memory and ephemeral storage in bytes, and
/// pod slots. Integers, so sums and comparisons are exact and the plan is reproducible.
/// </summary>
public readonly record struct ResourceAmounts(long MilliCpu, long MemoryBytes, long EphemeralStorageBytes, long Pods)
{
    public static ResourceAmounts Zero => default;

    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu + b.MilliCpu, a.MemoryBytes + b.MemoryBytes, a.EphemeralStorageBytes + b.EphemeralStorageBytes, a.Pods + b.Pods);

    public static ResourceAmounts operator -(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu - b.MilliCpu, a.MemoryBytes - b.MemoryBytes, a.EphemeralStorageBytes - b.EphemeralStorageBytes, a.Pods - b.Pods);

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
