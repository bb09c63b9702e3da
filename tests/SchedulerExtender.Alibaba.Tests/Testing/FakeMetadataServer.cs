using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Alibaba.Tests.Testing;

/// <summary>
/// The ECS instance metadata service in hardened mode, on loopback: a session token from
/// PUT /latest/api/token, then the role name and its STS credential, each requiring the token.
/// </summary>
internal sealed class FakeMetadataServer : IAsyncDisposable
{
    public const string Token = "session-token-1";
    public const string Role = "schedext-node-role";
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private int _issued;

    private FakeMetadataServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public bool Failing { get; set; }

    public int CredentialsIssued => _issued;

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public static string SecretOf(int n) => $"sts-secret-{n}";

    public static string TokenOf(int n) => $"sts-token-{n}";

    public static async Task<FakeMetadataServer> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeMetadataServer(app, time);
        app.MapPut("/latest/api/token", (HttpRequest r) =>
            r.Headers.ContainsKey("X-aliyun-ecs-metadata-token-ttl-seconds") ? Results.Text(Token) : Results.StatusCode(400));
        app.MapGet("/latest/meta-data/ram/security-credentials/", (HttpRequest r) =>
            server.Authorized(r) ? Results.Text(Role + "\n") : Results.StatusCode(401));
        app.MapGet("/latest/meta-data/ram/security-credentials/{role}", (HttpRequest r, string role) =>
            !server.Authorized(r) ? Results.StatusCode(401)
            : server.Failing ? Results.StatusCode(500)
            : role != Role ? Results.NotFound()
            : Results.Text(server.Issue(), "text/plain"));
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private bool Authorized(HttpRequest request) => request.Headers["X-aliyun-ecs-metadata-token"] == Token;

    private string Issue()
    {
        var n = Interlocked.Increment(ref _issued);
        var expires = (_time.GetUtcNow() + Lifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""{"AccessKeyId":"STS.key-{{n}}","AccessKeySecret":"{{SecretOf(n)}}","SecurityToken":"{{TokenOf(n)}}","Expiration":"{{expires}}","LastUpdated":"2024-06-12T00:00:00Z","Code":"Success"}""";
    }
}
