using System.Globalization;
using System.Text.Json;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>Tolerant readers for ECS JSON: missing fields read as empty, numbers may arrive as strings.</summary>
internal static class EcsJson
{
    /// <summary>The items of a wrapped list such as <c>"Instances": {"Instance": [...]}</c>.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement parent, string wrapper, string item)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(wrapper, out var w)
            && w.ValueKind == JsonValueKind.Object && w.TryGetProperty(item, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray();
        }

        return [];
    }

    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => "",
        } : "";

    public static double Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetDouble(out var d) ? (double?)d : null,
            JsonValueKind.String => double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ => null,
        } is { } value ? value : 0;

    public static int Int(JsonElement e, string name) => (int)Num(e, name);

    public static DateTimeOffset Time(JsonElement e, string name) =>
        DateTimeOffset.TryParse(Str(e, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;

    /// <summary>
    /// Tags as ECS writes them (<c>"Tags": {"Tag": [{"TagKey", "TagValue"}]}</c>) or as the VPC API
    /// does (<c>{"Key", "Value"}</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Tags(JsonElement e)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in Items(e, "Tags", "Tag"))
        {
            var key = Str(tag, "TagKey");
            tags[key.Length > 0 ? key : Str(tag, "Key")] = key.Length > 0 ? Str(tag, "TagValue") : Str(tag, "Value");
        }

        return tags;
    }

    public static IReadOnlyList<string> Strings(JsonElement e, string wrapper, string item) =>
        [.. Items(e, wrapper, item).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText())];
}
