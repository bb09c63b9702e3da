using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>
/// Reads integers from JSON nodes whatever backs them: a value parsed from text converts to any
/// numeric type, but one built from an <c>int</c> in code converts only to <c>int</c>.
/// </summary>
public static class JsonNumbers
{
    public static long? AsInt64(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        return value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue ? (long)d : null;
    }
}
