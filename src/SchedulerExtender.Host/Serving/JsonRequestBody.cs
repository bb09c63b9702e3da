using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Reads a JSON request body into a node tree, turning every way a body can be bad into a status
/// and a message: too large (413, from Kestrel's limit), not UTF-8, not JSON, nested too deep (400).
/// </summary>
public static class JsonRequestBody
{
    /// <summary>Kubernetes objects nest about 15 levels; anything far deeper is an attack or a bug.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static async Task<(JsonNode? Body, int Status, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1, ServeApplication.MaxRequestBodyBytes));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Advance(read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"request body larger than the {ServeApplication.MaxRequestBodyBytes / (1024 * 1024)} MiB limit"
                : $"bad request body: {ex.Message}");
        }

        // The parser checks UTF-8 only where it decodes text; a bad byte in a key would surface
        // later, far from here, so the whole body is checked now.
        if (!Utf8.IsValid(buffer.WrittenSpan))
        {
            return (null, StatusCodes.Status400BadRequest, "request body is not valid UTF-8");
        }

        try
        {
            return (JsonNode.Parse(buffer.WrittenSpan, documentOptions: DocumentOptions), StatusCodes.Status200OK, null);
        }
        catch (JsonException ex)
        {
            return (null, StatusCodes.Status400BadRequest, $"request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Writes a plain-text error answer.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}
