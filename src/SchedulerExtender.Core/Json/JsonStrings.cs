using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>Reads strings from JSON nodes without throwing on other shapes.</summary>
public static class JsonStrings
{
    /// <summary>The string value, or null when the node is missing or not a string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
