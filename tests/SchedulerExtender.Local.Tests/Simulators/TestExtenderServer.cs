using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Local.Tests.KubeApi.Admission;

namespace SchedulerExtender.Local.Tests.Simulators;

/// <summary>An extender on loopback HTTPS (self-signed): records each request body and answers with a fixed body per verb.</summary>
internal sealed class TestExtenderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestExtenderServer(WebApplication app, X509Certificate2 certificate, Uri prefix)
    {
        _app = app;
        CertificatePem = certificate.ExportCertificatePem();
        UrlPrefix = prefix.AbsoluteUri.TrimEnd('/');
    }

    public string UrlPrefix { get; }

    public string CertificatePem { get; }

    public ConcurrentQueue<(string Verb, string Body)> Requests { get; } = new();

    public ConcurrentDictionary<string, string> Answers { get; } = new();

    /// <summary>When set, answers every call from its verb and request body (instead of <see cref="Answers"/>).</summary>
    public Func<string, JsonObject, string>? Respond { get; set; }

    public static async Task<TestExtenderServer> StartAsync()
    {
        var certificate = TestWebhook.SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        TestExtenderServer? server = null;
        app.MapPost("/extender/{verb}", async (string verb, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            server!.Requests.Enqueue((verb, body));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(server.Respond is { } respond
                ? respond(verb, JsonNode.Parse(body)!.AsObject())
                : server.Answers.GetValueOrDefault(verb, "{}"));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TestExtenderServer(app, certificate, new Uri(new Uri(address), "/extender"));
        return server;
    }

    public JsonObject LastBody(string verb) => JsonNode.Parse(Requests.Last(r => r.Verb == verb).Body)!.AsObject();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
