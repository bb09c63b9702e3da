using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>
/// RFC 6902 JSON Patch: applies add, remove, replace, move, copy and test operations to a copy of a
/// document. The operations are all-or-nothing: the input is never modified, and the first operation
/// that does not apply throws <see cref="JsonPatchException"/> naming it.
/// </summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, JsonArray patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var root = document?.DeepClone();
        for (var i = 0; i < patch.Count; i++)
        {
            if (patch[i] is not JsonObject operation)
            {
                throw new JsonPatchException($"Operation {i} is not a JSON object.");
            }

            try
            {
                root = ApplyOne(root, operation);
            }
            catch (JsonPatchException e)
            {
                throw new JsonPatchException($"Operation {i} ({operation.ToJsonString()}) does not apply: {e.Message}", e);
            }
        }

        return root;
    }

    private static JsonNode? ApplyOne(JsonNode? root, JsonObject operation)
    {
        var op = RequiredString(operation, "op");
        var path = JsonPointer.Parse(RequiredString(operation, "path"));
        switch (op)
        {
            case "add":
                return Add(root, path, RequiredValue(operation));
            case "remove":
                return Remove(root, path, out _);
            case "replace":
                Get(root, path);
                return Add(Remove(root, path, out _), path, RequiredValue(operation));
            case "move":
                var from = JsonPointer.Parse(RequiredString(operation, "from"));
                if (path.StartsWith(from) && path.Tokens.Count > from.Tokens.Count)
                {
                    throw new JsonPatchException("\"path\" must not lie inside \"from\".");
                }

                root = Remove(root, from, out var moved);
                return Add(root, path, moved);
            case "copy":
                var source = JsonPointer.Parse(RequiredString(operation, "from"));
                return Add(root, path, Get(root, source)?.DeepClone());
            case "test":
                if (!JsonEquality.Equal(Get(root, path), RequiredValue(operation)))
                {
                    throw new JsonPatchException($"the value at \"{path}\" is not the expected one.");
                }

                return root;
            default:
                throw new JsonPatchException($"unknown op \"{op}\".");
        }
    }

    /// <summary>The node at <paramref name="path"/>; throws when the location does not exist.</summary>
    private static JsonNode? Get(JsonNode? root, JsonPointer path)
    {
        var node = root;
        foreach (var token in path.Tokens)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a => a[ExistingIndex(a, token)],
                _ => throw new JsonPatchException($"\"{path}\" does not exist."),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (Get(root, path.Parent))
        {
            case JsonObject parent:
                parent[path.Last] = value;
                break;
            case JsonArray parent when path.Last == "-":
                parent.Add(value);
                break;
            case JsonArray parent:
                var index = ParseIndex(path.Last);
                if (index > parent.Count)
                {
                    throw new JsonPatchException($"index {index} is past the end of the array at \"{path.Parent}\".");
                }

                parent.Insert(index, value);
                break;
            default:
                throw new JsonPatchException($"the parent of \"{path}\" is not an object or array.");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, JsonPointer path, out JsonNode? removed)
    {
        if (path.IsRoot)
        {
            removed = root;
            return null;
        }

        switch (Get(root, path.Parent))
        {
            case JsonObject parent when parent.TryGetPropertyValue(path.Last, out removed):
                parent.Remove(path.Last);
                break;
            case JsonArray parent:
                var index = ExistingIndex(parent, path.Last);
                removed = parent[index];
                parent.RemoveAt(index);
                break;
            default:
                throw new JsonPatchException($"\"{path}\" does not exist.");
        }

        return root;
    }

    private static int ExistingIndex(JsonArray array, string token)
    {
        var index = ParseIndex(token);
        return index < array.Count ? index : throw new JsonPatchException($"array index {index} is out of range.");
    }

    private static int ParseIndex(string token)
    {
        // RFC 6901: "0" or a number without leading zeros; "-" is only meaningful for add.
        var valid = token.Length > 0 && token.All(char.IsAsciiDigit) && (token == "0" || token[0] != '0');
        return valid && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new JsonPatchException($"\"{token}\" is not an array index.");
    }

    private static string RequiredString(JsonObject operation, string member) =>
        operation[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new JsonPatchException($"member \"{member}\" is missing or not a string.");

    private static JsonNode? RequiredValue(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new JsonPatchException("member \"value\" is missing.");
}
