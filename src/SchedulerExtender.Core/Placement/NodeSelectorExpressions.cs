using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Placement;

/// <summary>Builds and compares core/v1 NodeSelectorRequirement objects in their JSON form.</summary>
internal static class NodeSelectorExpressions
{
    public static JsonObject Create(string key, string @operator, IReadOnlyList<string> values) => new()
    {
        ["key"] = key,
        ["operator"] = @operator,
        ["values"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };

    /// <summary>True when the expression list names <paramref name="key"/> at all.</summary>
    public static bool MentionsKey(JsonArray? expressions, string key) =>
        expressions is not null && expressions.Any(e => e is JsonObject o && KeyOf(o) == key);

    /// <summary>True when the list holds an expression equal to <paramref name="wanted"/> (values as a set).</summary>
    public static bool Contains(JsonArray? expressions, JsonObject wanted) =>
        expressions is not null && expressions.Any(e => e is JsonObject o && SameRequirement(o, wanted));

    private static bool SameRequirement(JsonObject a, JsonObject b) =>
        KeyOf(a) == KeyOf(b) &&
        Text(a, "operator") == Text(b, "operator") &&
        Values(a).SetEquals(Values(b));

    private static string? KeyOf(JsonObject expression) => Text(expression, "key");

    private static string? Text(JsonObject o, string name) => JsonStrings.AsString(o[name]);

    private static HashSet<string> Values(JsonObject expression) =>
        expression["values"] is JsonArray values
            ? values.Select(v => JsonStrings.AsString(v) ?? "").ToHashSet(StringComparer.Ordinal)
            : [];
}
