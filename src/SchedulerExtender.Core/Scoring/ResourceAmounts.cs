namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// CPU in millicores and memory in bytes, the two resources the scorer weighs. Integers, like
/// kube-scheduler's own accounting, so sums and comparisons are exact.
/// </summary>
public readonly record struct ResourceAmounts(long MilliCpu, long MemoryBytes)
{
    public static ResourceAmounts Zero => default;

    public bool IsZero => MilliCpu == 0 && MemoryBytes == 0;

    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu + b.MilliCpu, a.MemoryBytes + b.MemoryBytes);

    /// <summary>The per-resource maximum (how kube-scheduler combines init containers with the rest).</summary>
    public static ResourceAmounts Max(ResourceAmounts a, ResourceAmounts b) =>
        new(Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.MemoryBytes, b.MemoryBytes));

    /// <summary>Builds amounts from quantity strings; null or unparsable strings count as zero.</summary>
    public static ResourceAmounts FromQuantities(string? cpu, string? memory) =>
        new(ToMilli(cpu), ToWhole(memory));

    /// <summary>A CPU quantity in millicores, rounded up as apimachinery's MilliValue does.</summary>
    public static long ToMilli(string? quantity) =>
        quantity is not null && KubernetesQuantity.TryParse(quantity, out var value) ? Milli(value) : 0;

    /// <summary>A quantity in whole units (bytes for memory), rounded up as apimachinery's Value does.</summary>
    public static long ToWhole(string? quantity) =>
        quantity is not null && KubernetesQuantity.TryParse(quantity, out var value) ? Whole(value) : 0;

    /// <summary>A parsed quantity in thousandths, rounded up; negatives count as zero.</summary>
    public static long Milli(decimal value) => Ceiling(value * 1000);

    /// <summary>A parsed quantity in whole units, rounded up; negatives count as zero.</summary>
    public static long Whole(decimal value) => Ceiling(value);

    private static long Ceiling(decimal value)
    {
        var rounded = decimal.Ceiling(value);
        return rounded >= long.MaxValue ? long.MaxValue : rounded <= 0 ? 0 : (long)rounded;
    }
}
