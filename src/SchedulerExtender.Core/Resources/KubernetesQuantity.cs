using System.Globalization;

namespace SchedulerExtender.Core.Resources;

/// <summary>
/// Parses Kubernetes resource quantity strings ("500m", "1", "896Mi", "1Gi", "1e3", "1.5") into
/// decimals, following apimachinery's grammar: an optional sign, a decimal number, then either a
/// binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m "" k M G T P E) or a decimal
/// exponent (e3, E-2). Decimal arithmetic keeps "0.1" and "100m" exactly equal. The one parser
/// of Core: the extender's pod and node readers, the solver's pod reader and the NodePool reader
/// all go through it, so a quantity means the same everywhere. Status writers print with
/// <see cref="MilliText"/> and <see cref="BinaryText"/>.
/// </summary>
public static class KubernetesQuantity
{
    /// <summary>The value of <paramref name="text"/>, or false when it is not a quantity (or overflows).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        var numberEnd = 0;
        if (text[0] is '+' or '-')
        {
            numberEnd = 1;
        }

        var digits = 0;
        var dots = 0;
        while (numberEnd < text.Length && (char.IsAsciiDigit(text[numberEnd]) || text[numberEnd] == '.'))
        {
            if (text[numberEnd] == '.')
            {
                dots++;
            }
            else
            {
                digits++;
            }

            numberEnd++;
        }

        if (digits == 0 || dots > 1)
        {
            return false;
        }

        if (!decimal.TryParse(text[..numberEnd], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        if (!TryMultiplier(text[numberEnd..], out var multiplier, out var exponent))
        {
            return false;
        }

        try
        {
            value = exponent is { } power ? Scale(number, power) : number * multiplier;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Like <see cref="TryParse(ReadOnlySpan{char}, out decimal)"/> but throws <see cref="FormatException"/> with the text.</summary>
    public static decimal Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a Kubernetes quantity");

    /// <summary>CPU in millicores, rounded up as apimachinery's MilliValue does; null when not a quantity or negative.</summary>
    public static long? ParseMilli(string? text) =>
        text is not null && TryParse(text, out var value) && value >= 0 ? Milli(value) : null;

    /// <summary>An integral amount (bytes, pods) rounded up as apimachinery's Value does; null when not a quantity or negative.</summary>
    public static long? ParseWhole(string? text) =>
        text is not null && TryParse(text, out var value) && value >= 0 ? Whole(value) : null;

    /// <summary>Lenient <see cref="ParseMilli"/> for status fields: what is not a quantity (or is negative) counts as zero.</summary>
    public static long ToMilli(string? text) => ParseMilli(text) ?? 0;

    /// <summary>Lenient <see cref="ParseWhole"/> for status fields: what is not a quantity (or is negative) counts as zero.</summary>
    public static long ToWhole(string? text) => ParseWhole(text) ?? 0;

    /// <summary>A parsed quantity in thousandths, rounded up; negatives count as zero, overflow saturates.</summary>
    public static long Milli(decimal value) => value >= long.MaxValue / 1000m ? long.MaxValue : Ceiling(value * 1000);

    /// <summary>A parsed quantity in whole units, rounded up; negatives count as zero, overflow saturates.</summary>
    public static long Whole(decimal value) => Ceiling(value);

    /// <summary>Millicores as Kubernetes writes them: whole cores plainly ("4"), otherwise in millis ("6500m").</summary>
    public static string MilliText(long milli) =>
        milli % 1000 == 0 ? (milli / 1000).ToString(CultureInfo.InvariantCulture) : $"{milli.ToString(CultureInfo.InvariantCulture)}m";

    /// <summary>
    /// Bytes with the largest binary suffix that divides them exactly ("16Gi", "1536Mi", "1000"),
    /// the canonical form apimachinery prints for memory and storage.
    /// </summary>
    public static string BinaryText(long bytes)
    {
        string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        var power = 0;
        while (bytes != 0 && bytes % 1024 == 0 && power < suffixes.Length - 1)
        {
            bytes /= 1024;
            power++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + suffixes[power];
    }

    private static long Ceiling(decimal value)
    {
        var rounded = decimal.Ceiling(value);
        return rounded >= long.MaxValue ? long.MaxValue : rounded <= 0 ? 0 : (long)rounded;
    }

    private static bool TryMultiplier(ReadOnlySpan<char> suffix, out decimal multiplier, out int? exponent)
    {
        exponent = null;
        multiplier = suffix switch
        {
            "" => 1m,
            "n" => 0.000_000_001m,
            "u" => 0.000_001m,
            "m" => 0.001m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => 0m,
        };
        if (multiplier != 0m)
        {
            return true;
        }

        // A decimal exponent: e or E, an optional sign, then digits ("1e3", "5E-2").
        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var power)
            && char.IsAsciiDigit(suffix[^1]) && Math.Abs(power) <= 28)
        {
            exponent = power;
            return true;
        }

        return false;
    }

    private static decimal Scale(decimal number, int power)
    {
        var result = number;
        for (var i = 0; i < Math.Abs(power); i++)
        {
            result = power > 0 ? result * 10 : result / 10;
        }

        return result;
    }
}
