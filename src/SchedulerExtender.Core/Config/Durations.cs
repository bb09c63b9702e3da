using System.Globalization;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Core.Config;

/// <summary>Go duration strings as Karpenter writes them ("30s", "1m", "720h", "1h30m") and "Never".</summary>
public static partial class Durations
{
    public const string Never = "Never";

    /// <summary>Parses a duration; "Never" (when allowed) parses to null.</summary>
    public static bool TryParse(string text, bool allowNever, out TimeSpan? duration)
    {
        duration = null;
        if (allowNever && text == Never)
        {
            return true;
        }

        var matches = Part().Matches(text);
        if (text.Length == 0 || matches.Sum(m => m.Length) != text.Length)
        {
            return false;
        }

        var ticks = 0d;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += n * m.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>
    /// Writes a duration as Go's <c>time.Duration.String()</c> does ("30m0s", "1h30m0s", "1.5s",
    /// "500ms", "0s"): the form Karpenter's <c>metav1.Duration</c> fields (a NodeClaim's
    /// terminationGracePeriod) take when it copies them from a pool, and that <see cref="TryParse"/> reads back.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = duration < TimeSpan.Zero ? "-" : "";
        var ticks = Math.Abs(duration.Ticks);
        if (ticks < TimeSpan.TicksPerSecond)
        {
            // Go switches to the largest sub-second unit that keeps the value at least one.
            var nanoseconds = ticks * 100;
            return sign + (nanoseconds < 1_000 ? Decimal(nanoseconds, 1) + "ns"
                : nanoseconds < 1_000_000 ? Decimal(nanoseconds, 1_000) + "\u00b5s"
                : Decimal(nanoseconds, 1_000_000) + "ms");
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var seconds = Decimal(ticks % TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond) + "s";
        return sign + (hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m{seconds}")
            : minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m{seconds}")
            : seconds);
    }

    /// <summary><paramref name="value"/> / <paramref name="unit"/> (a power of ten) in decimal, without trailing zeros.</summary>
    private static string Decimal(long value, long unit)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var fraction = value % unit;
        if (fraction == 0)
        {
            return whole;
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
