namespace SchedulerExtender.Core.Json;

/// <summary>An RFC 6901 JSON Pointer, parsed into its unescaped reference tokens.</summary>
public sealed record JsonPointer(IReadOnlyList<string> Tokens)
{
    public static JsonPointer Root { get; } = new(Array.Empty<string>());

    /// <summary>Parses "/a/b~1c" into ["a", "b/c"]; "" is the whole document.</summary>
    public static JsonPointer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Root;
        }

        if (text[0] != '/')
        {
            throw new JsonPatchException($"JSON pointer \"{text}\" must be empty or start with '/'.");
        }

        var tokens = text[1..].Split('/').Select(Unescape).ToArray();
        return new JsonPointer(tokens);
    }

    /// <summary>Escapes one key for use in a pointer: '~' → "~0", '/' → "~1".</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Appends one unescaped token to a pointer given as text.</summary>
    public static string Append(string pointer, string token) => pointer + "/" + Escape(token);

    public bool IsRoot => Tokens.Count == 0;

    public JsonPointer Parent => new(Tokens.Take(Tokens.Count - 1).ToArray());

    public string Last => Tokens[^1];

    /// <summary>True when this pointer equals <paramref name="other"/> or lies inside it.</summary>
    public bool StartsWith(JsonPointer other) =>
        other.Tokens.Count <= Tokens.Count && other.Tokens.Select((t, i) => t == Tokens[i]).All(same => same);

    public override string ToString() => string.Concat(Tokens.Select(t => "/" + Escape(t)));

    /// <summary>The inverse of <see cref="Escape"/>; rejects a '~' not followed by 0 or 1.</summary>
    public static string Unescape(string token)
    {
        // "~01" must become "~1", not "/": replace ~1 first, then ~0 (RFC 6901 section 4).
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && (i + 1 >= token.Length || (token[i + 1] != '0' && token[i + 1] != '1')))
            {
                throw new JsonPatchException($"JSON pointer token \"{token}\" has an invalid '~' escape.");
            }
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }
}
