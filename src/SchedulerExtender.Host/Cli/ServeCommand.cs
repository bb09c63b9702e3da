using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Local.LocalMode;

namespace SchedulerExtender.Host.Cli;

/// <summary><c>schedext serve</c>: the webhook, the extender and (as leader) the provisioner.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var local = new Option<bool>("--local") { Description = "Run with an embedded Kubernetes API and ECS emulator; no cluster or cloud needed." };
        var httpsUrl = new Option<string>("--https-url") { Description = "TLS listener for /mutate and /extender/*.", DefaultValueFactory = _ => "https://0.0.0.0:9443" };
        var httpUrl = new Option<string>("--http-url") { Description = "Plain listener for /metrics, /healthz, /readyz.", DefaultValueFactory = _ => "http://0.0.0.0:8080" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate (chain); reloaded when it changes on disk." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key; reloaded with the certificate." };
        var config = new Option<string?>("--config") { Description = "JSON configuration file (sections Webhook, Extender, Tls, ...)." };

        var command = new Command("serve", "Serve the admission webhook and scheduler extender.") { local, httpsUrl, httpUrl, tlsCert, tlsKey, config };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new ServeSettings
            {
                Local = parse.GetValue(local),
                HttpsUrl = parse.GetValue(httpsUrl)!,
                HttpUrl = parse.GetValue(httpUrl)!,
                TlsCertPath = parse.GetValue(tlsCert),
                TlsKeyPath = parse.GetValue(tlsKey),
                ConfigPath = parse.GetValue(config),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            if (settings.Local && settings.TlsCertPath is null)
            {
                var folder = Path.Combine(Path.GetTempPath(), "schedext-local");
                var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(30));
                Console.WriteLine($"Generated a self-signed certificate for localhost: {cert} (key {key}); clients can trust it with --cacert {cert}");
                settings = settings with { TlsCertPath = cert, TlsKeyPath = key };
            }

            await using var localApi = settings.Local ? await EmbeddedKubeApi.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : null;
            var kubernetes = localApi is not null ? KubernetesConnection.ForUrl(localApi.BaseAddress) : KubernetesConnection.Discover();
            if (kubernetes is null)
            {
                Console.WriteLine("No Kubernetes API found (not in a cluster, no kubeconfig): namespace annotations and nodes will not be read.");
            }

            settings = settings with { Kubernetes = kubernetes };
            var app = ServeApplication.Build(settings);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (var address in Addresses(app))
            {
                Console.WriteLine($"Listening on {address}");
            }

            if (localApi is not null)
            {
                var tls = Loopback(app, "https");
                LocalWebhookRegistration.Register(localApi.Store, new Uri(tls, "/mutate"), await File.ReadAllTextAsync(settings.TlsCertPath!, cancellationToken).ConfigureAwait(false));
                Console.WriteLine($"Kubernetes API: {localApi.BaseAddress}");
                PrintLocalHints(settings.TlsCertPath!, tls, Loopback(app, "http"), localApi.BaseAddress);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or CryptographicException or IOException)
        {
            await Console.Error.WriteLineAsync($"schedext serve: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static ICollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    // The bound address of a listener (its real port, even when asked for port 0), as seen from this machine.
    private static Uri Loopback(WebApplication app, string scheme) =>
        new UriBuilder(Addresses(app).First(a => a.StartsWith(scheme + "://", StringComparison.Ordinal))) { Host = "127.0.0.1" }.Uri;

    private static void PrintLocalHints(string certPath, Uri tls, Uri plain, Uri kubeApi)
    {
        Console.WriteLine($"""
            Try it:
              curl --cacert {certPath} -H 'Content-Type: application/json' --data @admission-review.json https://localhost:{tls.Port}/mutate
              curl {plain}metrics
              kubectl --server {kubeApi} get namespaces,nodes,pods -A     (the embedded Kubernetes API)
              kubectl --server {kubeApi} create -f driver-pod.yaml        (Spark pods go through /mutate)
            Press Ctrl+C to stop.
            """);
    }
}
