using System.Globalization;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Core.Config;

/// <summary>Go duration strings as Karpenter writes them ("30s", "1m", "720h", "1h30m") and "Never".</summary>
internal static partial class Durations
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

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
