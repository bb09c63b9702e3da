using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Reads fields out of a JSON tree and collects errors with their paths instead of throwing, so
/// one pass reports every problem in a document. Scalars are read leniently (a YAML plain scalar
/// such as 20 arrives as a number but may be meant as a string), shapes strictly.
/// </summary>
internal sealed class FieldReader
{
    private readonly List<ConfigError> errors = [];

    public IReadOnlyList<ConfigError> Errors => errors;

    public void Error(string path, string message) => errors.Add(new ConfigError(path, message));

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int i) => $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Reports fields not in <paramref name="known"/>: a typo must not pass as a default.</summary>
    public void RejectUnknown(JsonObject o, string path, params string[] known)
    {
        foreach (var (name, _) in o)
        {
            if (System.Array.IndexOf(known, name) < 0)
            {
                Error(Join(path, name), $"unknown field (expected one of {string.Join(", ", known)})");
            }
        }
    }

    public JsonObject? Object(JsonObject parent, string name, string path, bool required = false)
    {
        var node = parent[name];
        var p = Join(path, name);
        switch (node)
        {
            case JsonObject o:
                return o;
            case null:
                if (required)
                {
                    Error(p, "required");
                }

                return null;
            default:
                Error(p, "must be an object");
                return null;
        }
    }

    public JsonArray? Array(JsonObject parent, string name, string path, bool required = false)
    {
        var node = parent[name];
        var p = Join(path, name);
        switch (node)
        {
            case JsonArray a:
                return a;
            case null:
                if (required)
                {
                    Error(p, "required");
                }

                return null;
            default:
                Error(p, "must be a list");
                return null;
        }
    }

    public string? String(JsonObject parent, string name, string path, bool required = false) =>
        Scalar(parent[name], Join(path, name), required);

    /// <summary>A scalar as text: strings as they are, numbers and booleans as written.</summary>
    public string? Scalar(JsonNode? node, string path, bool required = false)
    {
        switch (node)
        {
            case null:
                if (required)
                {
                    Error(path, "required");
                }

                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                if (required && s.Length == 0)
                {
                    Error(path, "must not be empty");
                    return null;
                }

                return s;
            case JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return v.ToJsonString();
            default:
                Error(path, "must be a string");
                return null;
        }
    }

    public long? Integer(JsonObject parent, string name, string path, long min, long max)
    {
        var p = Join(path, name);
        if (String(parent, name, path) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            Error(p, $"\"{text}\" is not an integer");
            return null;
        }

        if (n < min || n > max)
        {
            Error(p, $"{n} is out of range {min}..{max}");
            return null;
        }

        return n;
    }

    public IReadOnlyList<string> Strings(JsonObject parent, string name, string path)
    {
        var list = new List<string>();
        if (Array(parent, name, path) is not { } array)
        {
            return list;
        }

        var p = Join(path, name);
        for (var i = 0; i < array.Count; i++)
        {
            if (Scalar(array[i], Index(p, i), required: true) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    public IReadOnlyDictionary<string, string> Map(JsonObject parent, string name, string path)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Object(parent, name, path) is not { } o)
        {
            return map;
        }

        var p = Join(path, name);
        foreach (var (key, value) in o)
        {
            if (key.Length == 0)
            {
                Error(p, "empty keys are not allowed");
            }
            else if (Scalar(value, Join(p, key)) is { } s)
            {
                map[key] = s;
            }
        }

        return map;
    }

    public TimeSpan? Duration(JsonObject parent, string name, string path, TimeSpan? defaultValue, bool allowNever)
    {
        if (String(parent, name, path) is not { } text)
        {
            return defaultValue;
        }

        if (Durations.TryParse(text, allowNever, out var duration))
        {
            return duration;
        }

        Error(Join(path, name), $"\"{text}\" is not a duration (like 30s, 1m, 720h{(allowNever ? " or Never" : "")})");
        return defaultValue;
    }

    /// <summary>Reads an enum value spelled exactly as its name.</summary>
    public T? Enum<T>(JsonObject parent, string name, string path, bool required = false)
        where T : struct, System.Enum
    {
        if (String(parent, name, path, required) is not { } text)
        {
            return null;
        }

        if (System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0]))
        {
            return value;
        }

        Error(Join(path, name), $"\"{text}\" is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
        return null;
    }
}
