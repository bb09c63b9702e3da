using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Host.Tests.Serving;

/// <summary>
/// The real <c>schedext serve</c> application on loopback (both listeners on free ports), with a
/// freshly generated certificate that only this server's clients trust.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string folder, Uri https, Uri http)
    {
        _app = app;
        Folder = folder;
        HttpsBase = https;
        HttpBase = http;
        Https = new HttpClient(TrustingHandler(folder)) { BaseAddress = https };
        Http = new HttpClient { BaseAddress = http };
    }

    /// <summary>Holds tls.crt and tls.key; a test may overwrite them to rotate the certificate.</summary>
    public string Folder { get; }

    public Uri HttpsBase { get; }

    public Uri HttpBase { get; }

    public HttpClient Https { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(
        IDictionary<string, string?>? configuration = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null,
        k8s.KubernetesClientConfiguration? kubernetes = null)
    {
        var folder = Directory.CreateTempSubdirectory("schedext-test-").FullName;
        var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var settings = new ServeSettings
        {
            HttpsUrl = "https://127.0.0.1:0",
            HttpUrl = "http://127.0.0.1:0",
            TlsCertPath = cert,
            TlsKeyPath = key,
            Kubernetes = kubernetes,
        };
        var app = ServeApplication.Build(
            settings,
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
                services?.Invoke(builder.Services);
            },
            endpoints);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        var http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return new RunningServer(app, folder, https, http);
    }

    /// <summary>Waits until /readyz answers 200 (caches synced), failing the test after 30 s.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Http.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("/readyz did not answer 200 within 30 s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A client that trusts exactly the certificate currently in the folder.</summary>
    public static SocketsHttpHandler TrustingHandler(string folder) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "tls.crt")));
                var presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                return presented.Thumbprint == trusted.Thumbprint;
            },
        },
    };

    public async ValueTask DisposeAsync()
    {
        Https.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
