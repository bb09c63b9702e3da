using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Reads a JSON request body into a node tree, turning every way a body can be bad into a status
/// and a message: too large (413), not UTF-8, not JSON, nested too deep, a string no .NET string can hold (400).
/// </summary>
public static class JsonRequestBody
{
    /// <summary>Kubernetes objects nest about 15 levels; anything far deeper is an attack or a bug.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static async Task<(JsonNode? Body, int Status, string? Error)> ReadAsync(HttpContext context)
    {
        var (body, status, error) = await RequestBody.ReadAsync(context, ServeApplication.MaxRequestBodyBytes, "request size limit").ConfigureAwait(false);
        if (body is null)
        {
            return (null, status, error);
        }

        using var buffer = body;

        // The parser checks UTF-8 only where it decodes text; a bad byte in a key would surface
        // later, far from here, so the whole body is checked now.
        if (!Utf8.IsValid(buffer.WrittenSpan))
        {
            return (null, StatusCodes.Status400BadRequest, "request body is not valid UTF-8");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.WrittenSpan, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            return (null, StatusCodes.Status400BadRequest, $"request body is not valid JSON: {ex.Message}");
        }

        // The tree decodes strings lazily: an escaped lone surrogate would throw wherever it is
        // first read (a 500), so it is refused here. Found by the webhook fuzz test.
        return JsonEscapes.HasUnpairedSurrogate(buffer.WrittenSpan)
            ? (null, StatusCodes.Status400BadRequest, "request body is not valid JSON text: a string holds an unpaired UTF-16 surrogate escape")
            : (node, StatusCodes.Status200OK, null);
    }
}
