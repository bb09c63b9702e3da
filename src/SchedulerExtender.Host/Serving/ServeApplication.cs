using System.Net.Security;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Host.Cloud;
using SchedulerExtender.Host.Cost;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Host.Health;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tls;
using SchedulerExtender.Host.Webhook;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Builds the <c>schedext serve</c> web application: the TLS listener (webhook, extender) and
/// the plain listener (metrics, probes). Wiring only; behaviour lives in Core and the handlers.
/// </summary>
public static class ServeApplication
{
    /// <summary>The API server sends object and oldObject, several MiB at worst.</summary>
    public const long MaxRequestBodyBytes = 7 * 1024 * 1024;

    /// <param name="configureBuilder">Extra services (tests, benchmarks, local mode).</param>
    /// <param name="configureApp">Extra endpoints (a benchmark's floor endpoint).</param>
    public static WebApplication Build(ServeSettings settings, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        var https = ListenUrl.Parse(settings.HttpsUrl, "https");
        var http = ListenUrl.Parse(settings.HttpUrl, "http");
        if (settings.TlsCertPath is null || settings.TlsKeyPath is null)
        {
            throw new ArgumentException("--tls-cert and --tls-key are required (only --local generates a certificate)");
        }

        var builder = WebApplication.CreateSlimBuilder();
        if (settings.ConfigPath is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(settings.ConfigPath), optional: false, reloadOnChange: true);
        }

        builder.Configuration.AddEnvironmentVariables("SCHEDEXT_");
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });

        // One line per request at Information would drown the decisions at webhook rates.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        AddServices(builder, settings.TlsCertPath, settings.TlsKeyPath);
        if (settings.Kubernetes is { } kubernetes)
        {
            AddKubernetesCaches(builder.Services, kubernetes);
            builder.Services.AddCostMetrics(builder.Configuration);
            AddProvisioning(builder);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Listen(https.EndPoint, listen =>
            {
                listen.Protocols = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                var reloader = kestrel.ApplicationServices.GetRequiredService<CertificateReloader>();
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    // Asked per handshake, so a reloaded certificate is used from the next connection on.
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = reloader.Context,
                        EnabledSslProtocols = TlsPolicy.Protocols,
                        CipherSuitesPolicy = TlsPolicy.CipherSuites,
                    }),
                });
            });
            kestrel.Listen(http.EndPoint);
        });

        configureBuilder?.Invoke(builder);
        var app = builder.Build();

        // Fail at start-up, with the reason, on a bad certificate or configuration.
        app.Services.GetRequiredService<CertificateReloader>();
        app.UseRouting();
        app.UseListenerScopes();
        app.MapWebhookApi();
        app.MapExtenderApi().OnTlsListener();
        app.MapHealthApi();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>()).OnPlainListener();
        configureApp?.Invoke(app);
        return app;
    }

    // Caches fill in the background; until they have synced, /readyz says so and the webhook
    // applies pod annotations and the global policy only.
    private static void AddKubernetesCaches(IServiceCollection services, KubernetesClientConfiguration configuration)
    {
        services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(configuration));
        services.AddKubernetesCaches();
        services.AddSingleton<IReadinessCheck>(sp => new ReadinessCheck("namespace cache", () => sp.GetRequiredService<NamespaceAnnotationCache>().HasSynced));
        services.AddSingleton<IReadinessCheck>(sp => new ReadinessCheck("node cache", () => sp.GetRequiredService<NodeCache>().HasSynced));
        services.AddSingleton<IReadinessCheck>(sp => new ReadinessCheck("pod cache", () => sp.GetRequiredService<NodeUsageCache>().HasSynced));
    }

    // The provisioner needs the Kubernetes API (NodeClaims, pods, nodes, the Lease); it idles unless
    // Provisioner:Enabled or local mode registers a LocalProvisioning.
    private static void AddProvisioning(WebApplicationBuilder builder) => builder.Services.AddProvisioner(builder.Configuration);

    private static void AddServices(WebApplicationBuilder builder, string certPath, string keyPath)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        services.AddSingleton(registry);
        services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(registry));

        services.AddOptions<TlsOptions>().Bind(builder.Configuration.GetSection("Tls"));
        services.AddSingleton(sp => new CertificateReloader(certPath, keyPath, sp.GetRequiredService<ILogger<CertificateReloader>>()));
        services.AddHostedService<CertificateReloadService>();

        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.TryAddSingleton<INamespaceAnnotations, NoNamespaceAnnotations>();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<AdmissionWebhook>();
        services.AddExtender(builder.Configuration);
        services.AddCloudApi(builder.Configuration);
    }
}
