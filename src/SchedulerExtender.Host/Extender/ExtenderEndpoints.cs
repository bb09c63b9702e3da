using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Maps the kube-scheduler extender: <c>POST /extender/filter</c>, <c>POST /extender/prioritize</c>
/// and <c>GET /extender/explain</c> (the last decisions with every node's reason; <c>?limit=N</c>).
/// </summary>
public static class ExtenderEndpoints
{
    private delegate ExtenderReply Verb(ReadOnlySpan<byte> body, IBufferWriter<byte> output);

    /// <summary>Maps the routes; the returned group takes conventions (e.g. host or port restrictions).</summary>
    public static RouteGroupBuilder MapExtenderApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/extender");
        group.MapPost("/filter", (HttpContext context, ExtenderHandler handler, ExtenderOptions options) =>
            Serve(context, options, handler.Filter));
        group.MapPost("/prioritize", (HttpContext context, ExtenderHandler handler, ExtenderOptions options) =>
            Serve(context, options, handler.Prioritize));
        group.MapGet("/explain", (ExplainLog log, int? limit) =>
            Results.Json(ExplainView.From(log.Recent(), limit ?? 10)));
        return group;
    }

    private static async Task Serve(HttpContext context, ExtenderOptions options, Verb verb)
    {
        var request = context.Request;
        var response = context.Response;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }

        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            await Plain(response, StatusCodes.Status413PayloadTooLarge, $"request body of {request.ContentLength} bytes exceeds Extender:MaxRequestBodyBytes ({options.MaxRequestBodyBytes})");
            return;
        }

        using var body = new PooledBufferWriter((int)Math.Min(request.ContentLength ?? 64 * 1024, options.MaxRequestBodyBytes));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(body.GetMemory(64 * 1024), context.RequestAborted)) > 0)
            {
                body.Advance(read);
            }
        }
        catch (BadHttpRequestException e)
        {
            await Plain(response, e.StatusCode, $"could not read the request body: {e.Message}");
            return;
        }

        using var answer = new PooledBufferWriter(Math.Max(body.WrittenCount, 4096));
        var reply = verb(body.WrittenSpan, answer);
        if (reply.Error is not null)
        {
            await Plain(response, reply.StatusCode, reply.Error);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = answer.WrittenCount;
        await response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
    }

    private static Task Plain(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}
