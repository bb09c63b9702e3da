using System.Security.Cryptography;
using System.Text;

namespace SchedulerExtender.Alibaba.Signing;

/// <summary>
/// Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), shared by the client and the emulator:
/// sort the parameters by name (ordinal), percent-encode names and values (RFC 3986), join them as
/// a query string, then sign <c>METHOD&amp;%2F&amp;encode(query)</c> with the key <c>secret&amp;</c>.
/// </summary>
public static class OpenApiSignature
{
    public const string Method = "HMAC-SHA1";
    public const string Version = "1.0";

    /// <summary>
    /// RFC 3986 encoding as the signature wants it: only A–Z a–z 0–9 - _ . ~ stay as they are, every
    /// other UTF-8 byte becomes %XX in upper case (so a space is %20, '*' is %2A, '~' is kept).
    /// </summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The sorted, encoded query string of every parameter except <c>Signature</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));

    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters) =>
        httpMethod.ToUpperInvariant() + "&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(parameters));

    /// <summary>The base64 signature of the parameters with the AccessKey secret.</summary>
    public static string Sign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var key = Encoding.UTF8.GetBytes(accessKeySecret + "&");
        var data = Encoding.UTF8.GetBytes(StringToSign(httpMethod, parameters));
        return Convert.ToBase64String(HMACSHA1.HashData(key, data));
    }

    /// <summary>Constant-time comparison of a received signature with the expected one.</summary>
    public static bool Matches(string expected, string? received) =>
        received is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(received));
}
