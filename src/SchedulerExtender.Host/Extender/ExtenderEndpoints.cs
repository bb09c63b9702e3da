using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SchedulerExtender.Host.Serving;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Maps the kube-scheduler extender: <c>POST /extender/filter</c>, <c>POST /extender/prioritize</c>,
/// <c>POST /extender/preempt</c> and <c>GET /extender/explain</c> (the last decisions with every node's reason; <c>?limit=N</c>).
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
        group.MapPost("/preempt", (HttpContext context, ExtenderHandler handler, ExtenderOptions options) =>
            Serve(context, options, handler.Preempt));
        group.MapGet("/explain", (ExplainLog log, int? limit) =>
            Results.Json(ExplainView.From(log.Recent(), limit ?? 10)));
        return group;
    }

    private static async Task Serve(HttpContext context, ExtenderOptions options, Verb verb)
    {
        var response = context.Response;
        var (read, status, error) = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, "Extender:MaxRequestBodyBytes limit");
        if (read is null)
        {
            await RequestBody.WriteErrorAsync(response, status, error!);
            return;
        }

        using var body = read;
        using var answer = new PooledBufferWriter(Math.Max(body.WrittenCount, 4096));
        var reply = verb(body.WrittenSpan, answer);
        if (reply.Error is not null)
        {
            await RequestBody.WriteErrorAsync(response, reply.StatusCode, reply.Error);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = answer.WrittenCount;
        await response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
    }
}
