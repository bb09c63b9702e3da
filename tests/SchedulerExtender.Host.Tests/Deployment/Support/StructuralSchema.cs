using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>
/// The API server's rules for a structural schema (apiextensions.k8s.io/v1), which it enforces
/// when a CRD is created: every node typed (except int-or-string and preserve-unknown-fields),
/// arrays with items, no properties next to additionalProperties, logic junctors without types or
/// defaults, only name/generateName under the root metadata; plus what would make a CRD useless
/// here: undeclared required fields, enum values of the wrong type, bad patterns, invalid defaults.
/// </summary>
internal static class StructuralSchema
{
    private static readonly HashSet<string> Types = ["object", "array", "string", "integer", "number", "boolean"];
    private static readonly string[] ForbiddenInJunctors = ["type", "description", "default", "additionalProperties", "nullable"];

    public static IReadOnlyList<string> Violations(JsonObject root)
    {
        var errors = new List<string>();
        if ((string?)root["type"] != "object")
        {
            errors.Add("$: the root must be type: object");
        }

        if (root["properties"]?["metadata"] is JsonObject metadata && metadata["properties"] is JsonObject metaProps)
        {
            errors.AddRange(metaProps.Select(p => p.Key).Where(k => k is not ("name" or "generateName"))
                .Select(k => $"$.metadata: only name and generateName may be specified, not {k}"));
        }

        Check(root, "$", errors);
        return errors;
    }

    private static void Check(JsonObject node, string path, List<string> errors)
    {
        var intOrString = node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        var preserveUnknown = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var type = (string?)node["type"];
        if (type is null && !intOrString && !preserveUnknown)
        {
            errors.Add($"{path}: no type");
        }
        else if (type is not null && !Types.Contains(type))
        {
            errors.Add($"{path}: unknown type '{type}'");
        }

        CheckJunctors(node, path, intOrString, errors);

        if (node["properties"] is not null && node["additionalProperties"] is not null)
        {
            errors.Add($"{path}: properties and additionalProperties are mutually exclusive");
        }

        if (node["additionalProperties"] is JsonNode additional && additional is not JsonObject)
        {
            errors.Add($"{path}: additionalProperties must be a schema");
        }

        if (type == "array" && node["items"] is not JsonObject)
        {
            errors.Add($"{path}: an array needs an items schema");
        }

        var declared = (node["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet() ?? [];
        errors.AddRange(node["required"].Strings().Where(r => !declared.Contains(r))
            .Select(r => $"{path}: required field '{r}' is not declared"));

        if (type is not null && node["enum"] is JsonArray values)
        {
            errors.AddRange(values.Where(v => v is null || !SchemaValidator.IsKind(v, type))
                .Select(v => $"{path}: enum value {v?.ToJsonString() ?? "null"} is not a {type}"));
        }

        if (node["pattern"] is JsonValue pattern)
        {
            try
            {
                _ = new Regex(pattern.GetValue<string>());
            }
            catch (ArgumentException e)
            {
                errors.Add($"{path}: bad pattern: {e.Message}");
            }
        }

        if (node.ContainsKey("default"))
        {
            errors.AddRange(SchemaValidator.Validate(node["default"], node).Select(e => $"{path} default: {e}"));
        }

        foreach (var rule in (node["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (string.IsNullOrWhiteSpace((string?)rule["rule"]))
            {
                errors.Add($"{path}: a validation without a rule");
            }
        }

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            Recurse(child, $"{path}.{name}", errors);
        }

        Recurse(node["additionalProperties"], $"{path}.*", errors);
        Recurse(node["items"], $"{path}[]", errors);
    }

    private static void Recurse(JsonNode? child, string path, List<string> errors)
    {
        if (child is JsonObject schema)
        {
            Check(schema, path, errors);
        }
    }

    private static void CheckJunctors(JsonObject node, string path, bool intOrString, List<string> errors)
    {
        foreach (var junctor in new[] { "anyOf", "allOf", "oneOf" })
        {
            foreach (var branch in (node[junctor] as JsonArray ?? []).OfType<JsonObject>())
            {
                // The one allowed exception: anyOf [{type: integer}, {type: string}] of int-or-string.
                var intOrStringBranch = intOrString && junctor == "anyOf" && branch.Count == 1
                    && (string?)branch["type"] is "integer" or "string";
                if (!intOrStringBranch)
                {
                    errors.AddRange(ForbiddenInJunctors.Where(branch.ContainsKey)
                        .Select(k => $"{path}.{junctor}: '{k}' is not allowed inside a logical junctor"));
                }
            }
        }
    }
}
