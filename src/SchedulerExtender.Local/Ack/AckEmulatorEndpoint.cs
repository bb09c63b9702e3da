using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SchedulerExtender.Local.Ack;

/// <summary>Turns an HTTP request into an <see cref="AckEmulatorRequest"/> and writes the answer as JSON.</summary>
internal static class AckEmulatorEndpoint
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public static async Task HandleAsync(HttpContext context, AckEmulator emulator)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var query = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        var response = emulator.Handle(new AckEmulatorRequest(context.Request.Method, context.Request.Path.ToUriComponent(), query, headers, buffer.ToArray()));
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json;charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, response.Body, response.Body.GetType(), Json, context.RequestAborted).ConfigureAwait(false);
    }
}
