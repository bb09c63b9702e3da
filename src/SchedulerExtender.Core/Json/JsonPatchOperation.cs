using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Json;

/// <summary>One RFC 6902 operation. <see cref="Path"/> is an RFC 6901 pointer, already escaped.</summary>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value = null)
{
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);
}
