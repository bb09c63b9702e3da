using System.Text.Json;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// One string per distinct short value within a request: thousands of nodes repeat the same label
/// keys and values ("amd64", a zone, an instance type), so each is decoded and allocated once.
/// Not thread-safe; one pool per parse.
/// </summary>
internal sealed class StringPool
{
    private const int MaxPooledLength = 128;

    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StringPool() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The current String or PropertyName token as a string, shared when seen before.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength)
        {
            return reader.GetString()!;
        }

        Span<char> buffer = stackalloc char[MaxPooledLength];
        // CopyString unescapes and, like GetString, rejects invalid UTF-8.
        var chars = buffer[..reader.CopyString(buffer)];
        if (lookup.TryGetValue(chars, out var pooled))
        {
            return pooled;
        }

        var created = new string(chars);
        strings[created] = created;
        return created;
    }
}
