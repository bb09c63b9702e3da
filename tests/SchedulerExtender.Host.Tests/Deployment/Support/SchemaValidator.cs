using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>
/// Checks an object against a CRD's OpenAPI v3 schema the way the API server would reject or prune
/// it: types, required fields, enums, patterns, bounds, and fields the schema does not declare
/// (which the API server would silently drop). CEL rules and formats are not evaluated.
/// </summary>
internal static class SchemaValidator
{
    public static IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (!IsKind(value, "integer") && !IsKind(value, "string"))
            {
                errors.Add($"{path}: expected an integer or a string");
            }
            else if (IsKind(value, "string"))
            {
                CheckString(value.GetValue<string>(), schema, path, errors);
            }

            return;
        }

        var type = (string?)schema["type"];
        if (type is not null && !IsKind(value, type))
        {
            errors.Add($"{path}: expected {type}, got {value.GetValueKind()}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                if (value.GetValueKind() == JsonValueKind.String)
                {
                    CheckString(value.GetValue<string>(), schema, path, errors);
                }
                else if (value.GetValueKind() == JsonValueKind.Number)
                {
                    CheckNumber(value.GetValue<double>(), schema, path, errors);
                }

                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        foreach (var required in schema["required"].Strings())
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add($"{path}: missing required field '{required}'");
            }
        }

        if (schema["maxProperties"] is JsonValue max && obj.Count > max.GetValue<int>())
        {
            errors.Add($"{path}: more than {max} properties");
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (properties is null && additional is null)
        {
            return; // an embedded ObjectMeta (metadata) or a free-form object
        }

        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject childSchema)
            {
                Check(child, childSchema, childPath, errors);
            }
            else if (additional is not null)
            {
                Check(child, additional, childPath, errors);
            }
            else if (!preserveUnknown)
            {
                errors.Add($"{childPath}: field not declared in the schema (the API server would drop it)");
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minItems"] is JsonValue min && array.Count < min.GetValue<int>())
        {
            errors.Add($"{path}: fewer than {min} items");
        }

        if (schema["maxItems"] is JsonValue max && array.Count > max.GetValue<int>())
        {
            errors.Add($"{path}: more than {max} items");
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckString(string text, JsonObject schema, string path, List<string> errors)
    {
        if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
        {
            errors.Add($"{path}: '{text}' does not match {pattern}");
        }

        if (schema["maxLength"] is JsonValue maxLength && text.Length > maxLength.GetValue<int>())
        {
            errors.Add($"{path}: longer than {maxLength}");
        }
    }

    private static void CheckNumber(double number, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minimum"] is JsonValue min && number < min.GetValue<double>())
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is below {min}");
        }

        if (schema["maximum"] is JsonValue max && number > max.GetValue<double>())
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is above {max}");
        }
    }

    internal static bool IsKind(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value.GetValueKind() == JsonValueKind.String,
        "boolean" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value.GetValueKind() == JsonValueKind.Number,
        "integer" => value.GetValueKind() == JsonValueKind.Number && IsWhole(value),
        _ => false,
    };

    private static bool IsWhole(JsonNode value) =>
        value.AsValue().TryGetValue(out long _) || double.IsInteger(value.GetValue<double>());
}
