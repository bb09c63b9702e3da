using System.Globalization;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A kubelet hard eviction threshold (<c>memory.available</c>, <c>nodefs.available</c>): what the
/// kubelet keeps free, hence takes off allocatable. Either an amount in bytes or a fraction of the
/// signal's capacity (the node's memory capacity, the node filesystem's size), as the kubelet reads
/// "500Mi" and "10%".
/// </summary>
public readonly record struct EvictionThreshold(long Bytes, double Fraction)
{
    public static EvictionThreshold None => default;

    public static EvictionThreshold OfBytes(long bytes) => new(bytes, 0);

    public static EvictionThreshold OfPercent(double percent) => new(0, percent / 100);

    /// <summary>
    /// A threshold as the kubelet flag or config writes it ("500Mi", "10%"); null when it is
    /// neither. "100%" disables the signal in the kubelet, so it reserves nothing (as Karpenter reads it).
    /// </summary>
    public static EvictionThreshold? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.EndsWith('%'))
        {
            return double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                ? (percent == 100 ? None : OfPercent(percent))
                : null;
        }

        return KubernetesQuantity.ParseWhole(text) is { } bytes ? OfBytes(bytes) : null;
    }

    /// <summary>The bytes kept free on a capacity of <paramref name="capacityBytes"/>.</summary>
    public long Of(long capacityBytes) => Bytes + (long)Math.Round(capacityBytes * Fraction);

    /// <summary>The MiB kept free on a capacity of <paramref name="capacityMiB"/> (MiB, fractional as the guest's memory is).</summary>
    public double OfMiB(double capacityMiB) => (Bytes / (1024.0 * 1024)) + (capacityMiB * Fraction);
}
