using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Local.LocalMode;
using SchedulerExtender.Local.Simulators;
using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// Local mode as one unit: the embedded Kubernetes API, the ECS emulator, <c>schedext serve</c>
/// (webhook, extender, provisioner against the emulator) with its webhook registered, and the
/// scheduler, kubelet and Spark simulators calling it. Everything listens on loopback; disposing
/// stops it all. Production never builds one.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The scheduler profile Spark pods are routed to (manifests/scheduler/scheduler-config.yaml).</summary>
    public const string SparkSchedulerName = "schedext-scheduler";

    private readonly CancellationTokenSource _stopping = new();
    private Task _simulatorLoops = Task.CompletedTask;

    private LocalCluster(EmbeddedKubeApi api, EcsEmulatorServer ecs, WebApplication app)
    {
        Api = api;
        Ecs = ecs;
        App = app;
        Client = new k8s.Kubernetes(KubernetesConnection.ForUrl(api.BaseAddress));
    }

    public EmbeddedKubeApi Api { get; }

    public EcsEmulatorServer Ecs { get; }

    public WebApplication App { get; }

    /// <summary>A client of the embedded API (what kubectl sees).</summary>
    public IKubernetes Client { get; }

    public LocalSimulators Simulators { get; private set; } = null!;

    /// <summary>The webhook/extender listener and the metrics/probes listener, as reachable from this machine.</summary>
    public Uri TlsUrl => Loopback("https");

    public Uri PlainUrl => Loopback("http");

    /// <param name="settings">serve's settings with <see cref="ServeSettings.TlsCertPath"/> set (the CA the API server and scheduler trust).</param>
    public static async Task<LocalCluster> StartAsync(ServeSettings settings, LocalClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var caPem = await File.ReadAllTextAsync(settings.TlsCertPath ?? throw new ArgumentException("local mode needs a serving certificate"), cancellationToken).ConfigureAwait(false);

        // Graceful termination: consolidation drains through evictions that executors honour (Spark decommission).
        var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Store = new KubeStoreOptions { GracefulPodTermination = true } },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        EcsEmulatorServer? ecs = null;
        WebApplication? app = null;
        try
        {
            ecs = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions
            {
                SeedNetworkTags = new Dictionary<string, string> { [ArticleProvisioningConfig.DiscoveryTag] = ArticleProvisioningConfig.ClusterName },
                PendingDuration = options.InstancePendingDuration,
                StartingDuration = options.InstanceStartingDuration,
                ReclaimNotice = options.SpotReclaimNotice,
                Faults = options.EcsFaults,
                Seed = options.EcsSeed,
            }), cancellationToken: cancellationToken).ConfigureAwait(false);
            var emulatorUrl = ecs.BaseAddress;
            var defaults = Defaults(options);
            app = ServeApplication.Build(settings with { Kubernetes = KubernetesConnection.ForUrl(api.BaseAddress) }, builder =>
            {
                // First source: the user's --config file and SCHEDEXT_ variables still win.
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
                builder.Services.AddSingleton(new LocalProvisioning(emulatorUrl,
                    new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)));
            });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A bad configuration or a taken port: release what already listens before reporting it.
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (ecs is not null)
            {
                await ecs.DisposeAsync().ConfigureAwait(false);
            }

            await api.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var cluster = new LocalCluster(api, ecs, app);
        LocalWebhookRegistration.Register(api.Store, new Uri(cluster.TlsUrl, "/mutate"), caPem);
        var time = app.Services.GetRequiredService<TimeProvider>();
        var profiles = SchedulerProfiles.ForLocalMode(SchedulerConfiguration.Read(SchedulerConfigYaml()),
            e => e with { UrlPrefix = new Uri(cluster.TlsUrl, "/extender").ToString(), CaBundle = caPem }, time);
        cluster.Simulators = new LocalSimulators(cluster.Client, ecs.Emulator, new LocalSimulatorsOptions
        {
            Profiles = profiles,
            Kubelet = new KubeletSimulatorOptions { BootDelay = options.BootDelay },
        }, time, app.Services.GetRequiredService<ILoggerFactory>());
        cluster._simulatorLoops = cluster.Simulators.RunAsync(cluster._stopping.Token);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _simulatorLoops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the point.
        }

        await App.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        Client.Dispose();
        await Ecs.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    // Local mode's configuration: Spark pods go to the scheduler profile that calls our extender,
    // and the controllers read the article's NodePool with a short consolidateAfter and decide quickly.
    private static Dictionary<string, string?> Defaults(LocalClusterOptions options)
    {
        Directory.CreateDirectory(options.WorkFolder);
        var nodePool = Path.Combine(options.WorkFolder, "nodepool.yaml");
        var nodeClass = Path.Combine(options.WorkFolder, "nodeclass.yaml");
        var consolidateAfter = $"consolidateAfter: {(int)options.ConsolidateAfter.TotalSeconds}s";
        WriteAtomically(nodePool, ArticleProvisioningConfig.NodePool.Replace("consolidateAfter: 1m", consolidateAfter, StringComparison.Ordinal));
        WriteAtomically(nodeClass, ArticleProvisioningConfig.NodeClass);
        var defaults = new Dictionary<string, string?>
        {
            ["Webhook:SchedulerName"] = SparkSchedulerName,
            ["Provisioner:ConfigFiles:0"] = nodePool,
            ["Provisioner:ConfigFiles:1"] = nodeClass,
            // Karpenter's 15 s re-validation and a 5 s pass would dominate a one-minute demo.
            ["Disruption:ValidationDelay"] = "00:00:05",
            ["Disruption:PollInterval"] = "00:00:02",
            // A reclaim in the demo shows within a pass; the emulator has no account to throttle.
            ["Provisioner:InstanceListMaxAge"] = "00:00:02",
        };
        if (options.QuietLogs)
        {
            defaults["Logging:LogLevel:Default"] = "Warning";
        }

        foreach (var (key, value) in options.Settings)
        {
            defaults[key] = value;
        }

        return defaults;
    }

    // Several local-mode processes (parallel tests) share the folder: a rename never shows a half-written file.
    private static void WriteAtomically(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    // The deployed manifest, embedded at build time, so local mode schedules exactly as configured.
    private static string SchedulerConfigYaml()
    {
        using var stream = typeof(LocalCluster).Assembly.GetManifestResourceStream("scheduler-config.yaml")
            ?? throw new InvalidOperationException("scheduler-config.yaml is not embedded in schedext");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private Uri Loopback(string scheme)
    {
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new UriBuilder(addresses.First(a => a.StartsWith(scheme + "://", StringComparison.Ordinal))) { Host = "127.0.0.1" }.Uri;
    }
}
