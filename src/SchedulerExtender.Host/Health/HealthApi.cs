using Microsoft.AspNetCore.Http;
using SchedulerExtender.Host.Serving;

namespace SchedulerExtender.Host.Health;

/// <summary><c>/healthz</c> (the process serves) and <c>/readyz</c> (every readiness check passes), plain HTTP.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).OnPlainListener();
        app.MapGet("/readyz", (IEnumerable<IReadinessCheck> checks) =>
        {
            var waiting = checks.Where(c => !c.IsReady).Select(c => c.Name).ToList();
            return waiting.Count == 0
                ? Results.Text("ok\n")
                : Results.Text($"waiting for: {string.Join(", ", waiting)}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).OnPlainListener();
        return app;
    }
}
