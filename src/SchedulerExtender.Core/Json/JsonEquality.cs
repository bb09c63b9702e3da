using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>
/// JSON value equality as RFC 6902 "test" defines it: numbers by value (1 equals 1.0), objects
/// regardless of member order, arrays element by element.
/// </summary>
public static class JsonEquality
{
    public static bool Equal(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return (left, right) switch
        {
            (JsonObject a, JsonObject b) => a.Count == b.Count &&
                a.All(p => b.TryGetPropertyValue(p.Key, out var other) && Equal(p.Value, other)),
            (JsonArray a, JsonArray b) => a.Count == b.Count && a.Select((item, i) => Equal(item, b[i])).All(same => same),
            (JsonValue a, JsonValue b) => ValuesEqual(a, b),
            _ => false,
        };
    }

    private static bool ValuesEqual(JsonValue a, JsonValue b)
    {
        var kind = a.GetValueKind();
        if (kind != b.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Number => NumbersEqual(a, b),
            JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
            _ => true, // true, false and null carry no further data
        };
    }

    // Numbers compare by value whatever their spelling (1, 1.0, 1e0); beyond decimal's range, as doubles.
    private static bool NumbersEqual(JsonValue a, JsonValue b)
    {
        string x = a.ToJsonString(), y = b.ToJsonString();
        return decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var exactX) &&
               decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var exactY)
            ? exactX == exactY
            : double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture) == double.Parse(y, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
