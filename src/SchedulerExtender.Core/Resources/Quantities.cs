using System.Globalization;

namespace SchedulerExtender.Core.Resources;

/// <summary>
/// Parses Kubernetes resource quantities ("1", "500m", "896Mi", "1.5Gi", "2e3", "1k").
/// A small private parser for configuration and solver input; the extender branch has its own
/// and the two are meant to be unified.
/// </summary>
internal static class Quantities
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m),
        ("k", 1000m), ("M", 1000_000m), ("G", 1000_000_000m), ("T", 1000_000_000_000m),
        ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
    ];

    /// <summary>The quantity as a decimal, or null when the text is not a quantity.</summary>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.Ordinal) && IsNumber(s[..^suffix.Length], out var n))
            {
                return n * factor;
            }
        }

        return IsNumber(s, out var plain) ? plain : null;
    }

    /// <summary>CPU in millicores, rounded up as the kubelet does.</summary>
    public static long? ParseMilli(string? text) => Parse(text) is { } q && q >= 0 ? (long)Math.Ceiling(q * 1000) : null;

    /// <summary>An integral amount (bytes, pods), rounded up.</summary>
    public static long? ParseWhole(string? text) => Parse(text) is { } q && q >= 0 ? (long)Math.Ceiling(q) : null;

    private static bool IsNumber(string s, out decimal value) =>
        decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
}
