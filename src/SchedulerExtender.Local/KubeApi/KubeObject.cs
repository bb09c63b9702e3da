using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>Typed reads of the few well-known fields of an object stored as JSON.</summary>
public static class KubeObject
{
    public static string? Name(this JsonObject obj) => obj.StringAt("metadata", "name");

    public static string? Namespace(this JsonObject obj) => obj.StringAt("metadata", "namespace");

    public static string? ResourceVersion(this JsonObject obj) => obj.StringAt("metadata", "resourceVersion");

    public static string? Uid(this JsonObject obj) => obj.StringAt("metadata", "uid");

    public static bool IsBeingDeleted(this JsonObject obj) => obj.StringAt("metadata", "deletionTimestamp") is not null;

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static IReadOnlyDictionary<string, string> Annotations(this JsonObject obj) => StringMap(obj["metadata"]?["annotations"]);

    public static IReadOnlyList<string> Finalizers(this JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray finalizers
            ? finalizers.Select(f => AsString(f)).OfType<string>().ToArray()
            : [];

    /// <summary>The metadata object, created when missing or not an object.</summary>
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    /// <summary>The string at a path of member names, or null when absent or not a string.</summary>
    public static string? StringAt(this JsonObject obj, params ReadOnlySpan<string> path)
    {
        JsonNode? node = obj;
        foreach (var member in path)
        {
            node = node is JsonObject o ? o[member] : null;
        }

        return AsString(node);
    }

    /// <summary>An integer at a path (JSON number or numeric string), or null.</summary>
    public static long? LongAt(this JsonObject obj, params ReadOnlySpan<string> path)
    {
        JsonNode? node = obj;
        foreach (var member in path)
        {
            node = node is JsonObject o ? o[member] : null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number &&
               long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    internal static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    internal static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => AsString(p.Value) is not null).ToDictionary(p => p.Key, p => AsString(p.Value)!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
