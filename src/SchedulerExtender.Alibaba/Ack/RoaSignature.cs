using System.Security.Cryptography;
using System.Text;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// Alibaba Cloud ROA signature version 1.0 (HMAC-SHA1), used by Container Service (ACK) and shared
/// by the client and the emulator. The string to sign is
/// <c>METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n</c> (an absent header is an empty line),
/// then every <c>x-acs-*</c> header as <c>name:value\n</c> (names lower-cased, sorted ordinally,
/// values trimmed), then the resource: the path, and when there is a query, <c>?</c> and its
/// parameters sorted by name as <c>k=v</c> joined by <c>&amp;</c> (not percent-encoded). The key
/// is the AccessKey secret itself (unlike RPC, no trailing <c>&amp;</c>); the request carries
/// <c>Authorization: acs &lt;AccessKeyId&gt;:&lt;base64 signature&gt;</c>. The body is covered
/// only through Content-MD5.
/// </summary>
public static class RoaSignature
{
    public const string Method = "HMAC-SHA1";
    public const string Version = "1.0";
    public const string HeaderPrefix = "x-acs-";

    public static string StringToSign(string httpMethod, RoaSignedHeaders headers, string path, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var text = new StringBuilder()
            .Append(httpMethod.ToUpperInvariant()).Append('\n')
            .Append(headers.Accept).Append('\n')
            .Append(headers.ContentMd5).Append('\n')
            .Append(headers.ContentType).Append('\n')
            .Append(headers.Date).Append('\n');
        foreach (var (name, value) in headers.AcsHeaders
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim()))
            .Where(h => h.Name.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }

        text.Append(path);
        var sorted = query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Value.Length == 0 ? q.Key : q.Key + "=" + q.Value).ToList();
        if (sorted.Count > 0)
        {
            text.Append('?').AppendJoin('&', sorted);
        }

        return text.ToString();
    }

    /// <summary>The base64 HMAC-SHA1 of the string to sign, keyed with the AccessKey secret.</summary>
    public static string Sign(string stringToSign, string accessKeySecret) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string Authorization(string accessKeyId, string signature) => $"acs {accessKeyId}:{signature}";

    /// <summary>The Content-MD5 header value: base64 of the body's MD5.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "Content-MD5 is what the ROA protocol defines; it is an integrity check inside a signed request, not a security primitive.")]
    public static string ContentMd5(ReadOnlySpan<byte> body) => Convert.ToBase64String(MD5.HashData(body));

    /// <summary>Constant-time comparison of a received signature with the expected one.</summary>
    public static bool Matches(string expected, string? received) =>
        received is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(received));
}
