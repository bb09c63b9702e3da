using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Local.Ack;

namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// Serves an <see cref="EcsEmulator"/> over HTTP on Kestrel, as the real endpoint accepts requests:
/// GET with query parameters or POST with a form body, at any path, for any region.
/// <code>
/// await using var server = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(options));
/// var client = new EcsClient(http, credentials, new EcsClientOptions { RegionId = "cn-shenzhen", Endpoint = server.BaseAddress });
/// </code>
/// </summary>
public sealed class EcsEmulatorServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };
    private readonly WebApplication _app;

    private EcsEmulatorServer(WebApplication app, EcsEmulator emulator, Uri baseAddress)
    {
        _app = app;
        Emulator = emulator;
        BaseAddress = baseAddress;
    }

    /// <summary>The control surface (stock, faults, reclaims, instances).</summary>
    public EcsEmulator Emulator { get; }

    /// <summary>The address actually bound (port 0 resolved), with a trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Container Service (ACK) emulator served at <c>/clusters/…</c> beside ECS, if any.</summary>
    public AckEmulator? Ack { get; private init; }

    /// <summary>Starts listening on <paramref name="url"/> (port 0 picks a free port).</summary>
    public static Task<EcsEmulatorServer> StartAsync(string url, EcsEmulator emulator, ILoggerProvider? logging = null, CancellationToken cancellationToken = default) =>
        StartAsync(url, emulator, ack: null, logging, cancellationToken);

    /// <summary>
    /// Starts listening on <paramref name="url"/>, serving ECS/VPC (RPC, any path) and, when
    /// <paramref name="ack"/> is given, ACK's ROA API under <c>/clusters/</c> (RPC requests never use that path).
    /// </summary>
    public static async Task<EcsEmulatorServer> StartAsync(string url, EcsEmulator emulator, AckEmulator? ack, ILoggerProvider? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Logging.AddProvider(logging);
        }

        var app = builder.Build();
        app.Map("/{**path}", (HttpContext context) => HandleAsync(context, emulator));
        if (ack is not null)
        {
            app.Map("/clusters/{**rest}", (HttpContext context) => AckEmulatorEndpoint.HandleAsync(context, ack));
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EcsEmulatorServer(app, emulator, new Uri(address.TrimEnd('/') + "/")) { Ack = ack };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, EcsEmulator emulator)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        parameters.AddRange(context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
        }

        var response = emulator.Handle(new EcsEmulatorRequest(context.Request.Method, parameters));
        if (emulator.Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(emulator.Faults.Latency, emulator.Options.Time, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json;charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, response.Body, response.Body.GetType(), Json, context.RequestAborted).ConfigureAwait(false);
    }
}
