using System.Text;
using System.Text.Json;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Property-name matching as Go's encoding/json does it: case-insensitive, so "Pod", "pod" and
/// "POD" are the same key (kube-scheduler's extender types have no JSON tags).
/// </summary>
internal static class JsonNames
{
    /// <summary>Whether the current PropertyName token equals <paramref name="name"/> ignoring ASCII case.</summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, name);
        }

        var decoded = reader.GetString();
        return decoded is not null && Ascii.EqualsIgnoreCase(Encoding.UTF8.GetBytes(decoded), name);
    }
}
