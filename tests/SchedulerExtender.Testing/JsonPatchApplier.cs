using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace SchedulerExtender.Testing;

/// <summary>
/// Applies an RFC 6902 patch with an independent implementation (ASP.NET Core's), as the API
/// server would: a patch that does not apply throws, which fails the test.
/// </summary>
public static class JsonPatchApplier
{
    public static JsonObject Apply(JsonObject original, ReadOnlySpan<byte> patchUtf8)
    {
        var document = JsonSerializer.Deserialize<JsonPatchDocument>(patchUtf8)
            ?? throw new InvalidOperationException("patch is JSON null");
        var target = original.DeepClone().AsObject();
        document.ApplyTo(target);
        return target;
    }
}
