using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>Kestrel on 127.0.0.1, an ephemeral port, HTTPS with a throw-away certificate: the extender API beside the floor.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private BenchServer(WebApplication app, Uri address, X509Certificate2 certificate)
    {
        this.app = app;
        Address = address;
        Certificate = certificate;
    }

    public Uri Address { get; }

    public X509Certificate2 Certificate { get; }

    public static async Task<BenchServer> StartAsync(BenchCluster cluster)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            // kube-scheduler's extender client speaks HTTP/1.1 with keep-alive.
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddSingleton<IPriceSource>(cluster);
        builder.Services.AddSingleton<INodeSource>(cluster);
        builder.Services.AddSingleton<INodeUsage>(cluster);
        builder.Services.AddExtender(builder.Configuration);
        var app = builder.Build();
        app.MapExtenderApi();
        app.MapFloor();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchServer(app, new Uri(address), certificate);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form it can use on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
