using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchedulerExtender.Host.Demo;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

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
        var demo = new Option<bool>("--demo") { Description = "With --local: run the article's spark-pi job, show its progress and a cost summary, exit once the nodes are consolidated away (make run)." };

        var command = new Command("serve", "Serve the admission webhook and scheduler extender.") { local, httpsUrl, httpUrl, tlsCert, tlsKey, config, demo };
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
            parse.GetValue(demo),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ServeSettings settings, bool demo, CancellationToken cancellationToken)
    {
        if (demo && !settings.Local)
        {
            await Console.Error.WriteLineAsync("schedext serve: --demo needs --local").ConfigureAwait(false);
            return 2;
        }

        try
        {
            if (settings.Local)
            {
                // A folder per process: two local servers sharing one would overwrite each other's
                // certificate, and the reloader would then serve one that the caBundle does not trust.
                var folder = Directory.CreateTempSubdirectory("schedext-local-").FullName;
                if (settings.TlsCertPath is null)
                {
                    var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(30));
                    Console.WriteLine($"Generated a self-signed certificate for localhost: {cert} (key {key}); clients can trust it with --cacert {cert}");
                    settings = settings with { TlsCertPath = cert, TlsKeyPath = key };
                }

                return await RunLocalAsync(settings, new LocalClusterOptions { QuietLogs = demo, WorkFolder = folder }, demo, cancellationToken).ConfigureAwait(false);
            }

            var kubernetes = KubernetesConnection.Discover();
            if (kubernetes is null)
            {
                Console.WriteLine("No Kubernetes API found (not in a cluster, no kubeconfig): namespace annotations and nodes will not be read.");
            }

            await using var app = ServeApplication.Build(settings with { Kubernetes = kubernetes });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (var address in Addresses(app))
            {
                Console.WriteLine($"Listening on {address}");
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

    // Local mode: everything on loopback; stays up for exploring, or runs the demo and exits with its outcome.
    private static async Task<int> RunLocalAsync(ServeSettings settings, LocalClusterOptions options, bool demo, CancellationToken cancellationToken)
    {
        await using var cluster = await LocalCluster.StartAsync(settings, options, cancellationToken).ConfigureAwait(false);
        foreach (var address in Addresses(cluster.App))
        {
            Console.WriteLine($"Listening on {address}");
        }

        Console.WriteLine($"Kubernetes API: {cluster.Api.BaseAddress}");
        Console.WriteLine($"ECS emulator: {cluster.Ecs.BaseAddress} (the provisioner launches the article's NodePool / ECSNodeClass there)");
        Console.WriteLine($"Simulated: kube-scheduler (profile {LocalCluster.SparkSchedulerName} calls the extender), kubelets (nodes {options.BootDelay.TotalSeconds:F0} s after an instance runs), Spark; consolidateAfter {options.ConsolidateAfter.TotalSeconds:F0} s");
        if (demo)
        {
            try
            {
                return await DemoCommand.RunAsync(cluster, Console.Out, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("schedext serve --demo: interrupted").ConfigureAwait(false);
                return 130;
            }
        }

        PrintLocalHints(settings.TlsCertPath!, cluster.TlsUrl, cluster.PlainUrl, cluster.Api.BaseAddress);
        await cluster.App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static void PrintLocalHints(string certPath, Uri tls, Uri plain, Uri kubeApi)
    {
        Console.WriteLine($"""
            Try it:
              curl --cacert {certPath} -H 'Content-Type: application/json' --data @admission-review.json https://localhost:{tls.Port}/mutate
              curl {plain}metrics
              kubectl --server {kubeApi} get namespaces,nodes,pods -A     (the embedded Kubernetes API)
              kubectl --server {kubeApi} get nodeclaims                    (what the provisioner launched)
              kubectl --server {kubeApi} create -f driver-pod.yaml        (Spark pods go through /mutate)
            Press Ctrl+C to stop.
            """);
    }
}
