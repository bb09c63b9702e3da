using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>RFC 7386 JSON Merge Patch.</summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Returns <paramref name="target"/> patched by <paramref name="patch"/>; neither input is modified.
    /// An object patch merges key by key (null deletes a key); any other patch replaces the target.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var merged = Apply(result[key], value);
            result[key] = merged;
        }

        return result;
    }
}
