using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The real <c>schedext serve</c> application on 127.0.0.1 with ephemeral ports and a throw-away
/// certificate, the benchmark cluster as node cache, usage and prices, and the floor endpoint beside it.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private BenchServer(WebApplication app, string folder, Uri address, Uri metricsAddress, string certificateThumbprint)
    {
        this.app = app;
        this.folder = folder;
        Address = address;
        MetricsAddress = metricsAddress;
        CertificateThumbprint = certificateThumbprint;
    }

    public Uri Address { get; }

    /// <summary>The plain-HTTP listener, where <c>/metrics</c> is served as in production.</summary>
    public Uri MetricsAddress { get; }

    public string CertificateThumbprint { get; }

    public static async Task<BenchServer> StartAsync(BenchCluster cluster)
    {
        var folder = Directory.CreateTempSubdirectory("schedext-bench-").FullName;
        var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var settings = new ServeSettings { HttpsUrl = "https://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0", TlsCertPath = cert, TlsKeyPath = key };
        var app = ServeApplication.Build(
            settings,
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                // HTTP/2 offered too (schedext offers HTTP/1.1 only unless Tls:Http2), so that
                // BENCH_HTTP=2 can measure what it costs; an HTTP/1.1 client is served as by default.
                builder.Configuration["Tls:Http2"] = "true";
                builder.Services.AddSingleton<IPriceSource>(cluster);
                builder.Services.AddSingleton<INodeSource>(cluster.Nodes);
                builder.Services.AddSingleton<INodeUsage>(cluster.Usage);
            },
            served => served.MapFloors().OnTlsListener());
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal));
        var metrics = addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(cert));
        return new BenchServer(app, folder, new Uri(address), new Uri(metrics), certificate.Thumbprint);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
