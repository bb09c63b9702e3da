namespace SchedulerExtender.Core.Json;

/// <summary>RFC 6901 JSON pointers.</summary>
public static class JsonPointer
{
    /// <summary>
    /// Escapes one reference token: <c>~</c> becomes <c>~0</c> first, then <c>/</c> becomes
    /// <c>~1</c> (the order matters: the other way round would turn "/" into "~01").
    /// </summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The inverse of <see cref="Escape"/>.</summary>
    public static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Appends one unescaped token to a pointer.</summary>
    public static string Append(string pointer, string token) => pointer + "/" + Escape(token);
}
