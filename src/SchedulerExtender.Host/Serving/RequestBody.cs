using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Reads a whole request body into a pooled buffer under a size limit. A body over the limit —
/// announced by Content-Length or found while reading a chunked one — is a 413 with a message.
/// </summary>
public static class RequestBody
{
    /// <param name="limitName">How the limit is named in the message (a configuration key, say).</param>
    public static async Task<(PooledBufferWriter? Body, int Status, string? Error)> ReadAsync(HttpContext context, long limit, string limitName)
    {
        // Endpoints may allow more or less than the server-wide default (full-mode extender lists).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        var request = context.Request;
        var tooLarge = $"request body larger than the {limitName} ({limit / (1024.0 * 1024):0.#} MiB)";
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, tooLarge);
        }

        var body = new PooledBufferWriter((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1, limit));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(body.GetMemory(16 * 1024), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                body.Advance(read);
            }

            return (body, StatusCodes.Status200OK, null);
        }
        catch (BadHttpRequestException ex)
        {
            body.Dispose();
            return (null, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : $"could not read the request body: {ex.Message}");
        }
    }

    /// <summary>Writes a plain-text error answer: what the API server and kube-scheduler log.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}
