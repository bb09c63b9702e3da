using Microsoft.AspNetCore.Http;
using SchedulerExtender.Host.Serving;

namespace SchedulerExtender.Host.Webhook;

/// <summary><c>POST /mutate</c>: the mutating admission webhook, on the TLS listener.</summary>
public static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mutate", HandleAsync).OnTlsListener();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, AdmissionWebhook webhook)
    {
        var (body, status, error) = await JsonRequestBody.ReadAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            await RequestBody.WriteErrorAsync(context.Response, status, error).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        var rejection = webhook.Review(body, context.Response.BodyWriter);
        if (rejection is not null)
        {
            await RequestBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, rejection).ConfigureAwait(false);
        }
    }
}
