using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Host.Tests.Tls;

/// <summary>The live server rotates its certificate without a restart, speaks only TLS 1.2+ and HTTP/2 only when asked to.</summary>
public sealed class TlsServingTests
{
    [Fact]
    public async Task Server_presents_a_rotated_certificate_on_new_connections_without_restart()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Tls:ReloadInterval"] = "00:00:00.100" });
        var first = await PresentedThumbprintAsync(server);

        SelfSignedCertificate.WritePem(server.Folder, TimeSpan.FromDays(1));
        using var expected = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(server.Folder, "tls.crt")));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string current;
        do
        {
            await Task.Delay(100);
            current = await PresentedThumbprintAsync(server);
        }
        while (current != expected.Thumbprint && DateTime.UtcNow < deadline);

        current.Should().Be(expected.Thumbprint).And.NotBe(first);
        (await server.Http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Server_keeps_serving_the_last_good_certificate_when_the_new_one_is_broken()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Tls:ReloadInterval"] = "00:00:00.100" });
        var good = await PresentedThumbprintAsync(server);

        await File.WriteAllTextAsync(Path.Combine(server.Folder, "tls.crt"), "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        await Task.Delay(500);

        (await PresentedThumbprintAsync(server)).Should().Be(good);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_accepted(SslProtocols protocol)
    {
        await using var server = await RunningServer.StartAsync();

        var negotiated = await HandshakeAsync(server, protocol);

        negotiated.Should().Be(protocol);
    }

    [Theory]
    [InlineData(null, "http/1.1")] // the default: a client offering h2 first (as Go's does) gets HTTP/1.1
    [InlineData("false", "http/1.1")]
    [InlineData("true", "h2")]
    public async Task Http2_is_offered_only_when_configured(string? http2, string expected)
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Tls:Http2"] = http2 });

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.HttpsBase.Host, server.HttpsBase.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });

        ssl.NegotiatedApplicationProtocol.ToString().Should().Be(expected);
    }

    private static async Task<string> PresentedThumbprintAsync(RunningServer server)
    {
        // Records what the server presents; trust is not the question here.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.HttpsBase.Host, server.HttpsBase.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return ssl.RemoteCertificate!.GetCertHashString();
    }

    private static async Task<SslProtocols> HandshakeAsync(RunningServer server, SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.HttpsBase.Host, server.HttpsBase.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocol });
        return ssl.SslProtocol;
    }
}
