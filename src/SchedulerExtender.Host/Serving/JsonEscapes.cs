using System.Buffers;
using System.Text.Json;

namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Finds JSON text that is valid JSON and valid UTF-8 but names a string no .NET string can hold:
/// an escaped unpaired UTF-16 surrogate (<c>"\ud800"</c>). System.Text.Json accepts it while
/// parsing and throws only when the string is decoded, deep inside whoever reads it.
/// </summary>
public static class JsonEscapes
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 1024 };

    /// <summary>True when some escaped string or property name decodes to an unpaired surrogate; false for anything else, invalid JSON included.</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<byte> json)
    {
        // Only a \u escape can spell a surrogate (UTF-8 cannot), so most bodies need no walk at all.
        if (json.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, Options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !Decodes(ref reader))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the caller's parser says so with a better message.
        }

        return false;
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
