using Microsoft.AspNetCore.Http;

namespace SchedulerExtender.Host.Serving;

/// <summary>Restricts endpoints to one listener (see <see cref="ListenerScope"/>).</summary>
public static class ListenerScopeExtensions
{
    public static TBuilder OnTlsListener<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ListenerScope.TlsOnly);

    public static TBuilder OnPlainListener<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ListenerScope.PlainOnly);

    /// <summary>Must run after routing, so the endpoint is known.</summary>
    public static IApplicationBuilder UseListenerScopes(this IApplicationBuilder app) =>
        app.Use(next => context =>
        {
            var scope = context.GetEndpoint()?.Metadata.GetMetadata<ListenerScope>();
            if (scope is not null && scope.Tls != context.Request.IsHttps)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
}
