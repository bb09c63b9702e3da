using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.OpenApi;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Host.Disruption;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Kubernetes.Leadership;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// Runs the provisioner on the leader: campaigns for the Lease and, while leading, runs the
/// <see cref="ProvisioningController"/> against the cloud (Alibaba, or the ECS emulator in local
/// mode). The webhook and extender serve on every replica regardless.
/// </summary>
public sealed partial class ProvisionerService(
    IOptions<ProvisionerOptions> options,
    IKubernetes client,
    NodeCache nodes,
    ProvisionerMetrics metrics,
    TimeProvider time,
    ILoggerFactory logging,
    INodeBootstrap bootstrap,
    ICloudApiObserver cloudApiObserver,
    LocalProvisioning? local = null,
    DisruptionControllerFactory? disruption = null) : BackgroundService
{
    private readonly ILogger _logger = logging.CreateLogger<ProvisionerService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled && local is null)
        {
            LogDisabled();
            return;
        }

        // From here on the replica reports whether it leads: a start-up that fails before campaigning reads as "not leading".
        metrics.Leading(false);

        var region = local?.Region ?? o.Region;
        using var metadataHttp = new HttpClient();
        var credentials = local is not null
            ? new StaticCredentialSource(local.Credential)
            : (ICredentialSource)CredentialChain.CreateDefault(metadataHttp, o.CredentialsDirectory, time, logging.CreateLogger<CredentialChain>());
        using var stack = new AlibabaProvisioningStack(region, local?.ClusterId ?? o.ClusterId, local?.Endpoint ?? o.Endpoint, credentials, o.SpotDuration, time, logging, bootstrap, cloudApiObserver);
        // Without files (and outside local mode) the cluster's NodePools and ECSNodeClasses are watched.
        await using var clusterConfig = o.ConfigFiles.Count == 0 && local is null
            ? new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), logger: logging.CreateLogger<ClusterProvisioningConfig>())
            : null;
        var configuration = Configuration(o, clusterConfig);
        await using var pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client), logger: logging.CreateLogger("SchedulerExtender.Provisioner.PodCache"), timeProvider: time);
        await pods.StartAsync(stoppingToken).ConfigureAwait(false);
        // What new nodes run besides the pods they are launched for, per pool (needs list/watch on apps/daemonsets).
        await using var daemonSets = new ListWatchCache<V1DaemonSet>(KubeListWatchSources.DaemonSets(client), logger: logging.CreateLogger("SchedulerExtender.Provisioner.DaemonSetCache"), timeProvider: time);
        await daemonSets.StartAsync(stoppingToken).ConfigureAwait(false);
        // Where pending pods' volumes let their nodes be (needs list/watch on persistentvolumeclaims,
        // persistentvolumes and storage.k8s.io storageclasses).
        await using var volumes = new VolumeCaches(client, logging, time);
        await volumes.StartAsync(stoppingToken).ConfigureAwait(false);
        // The NodeClaims, list+watched once for both loops (not listed from etcd every pass).
        await using var claims = new NodeClaimCache(client, logger: logging.CreateLogger("SchedulerExtender.Provisioner.NodeClaimCache"), timeProvider: time);
        await claims.StartAsync(stoppingToken).ConfigureAwait(false);
        var noStock = new NoStockMemory(o.NoStockTtl);
        // Claims whose instance schedext did not launch (Karpenter's): both loops leave them alone.
        var unmanaged = new UnmanagedClaims(logging.CreateLogger<UnmanagedClaims>());
        // Claims joining or not, per pool: the provisioner records them, the pool-status writer reports them.
        var registrations = new NodeRegistrationHistory();
        // One instance list for both loops, re-read from the cloud at most every InstanceListMaxAge.
        var cloud = new ListCachingCloudProvider(stack.Cloud, o.InstanceListMaxAge, time);
        var controller = new ProvisioningController(client, pods, nodes.Cache, claims, cloud, stack.NodeClasses, configuration,
            new ProvisionerSettings
            {
                Batch = new BatchWindow(o.BatchIdle, o.BatchMax),
                NoStockTtl = o.NoStockTtl,
                RegistrationTimeout = o.RegistrationTimeout,
                PollInterval = o.PollInterval,
                MaxParallelLaunches = o.MaxParallelLaunches,
            },
            metrics, time, logging.CreateLogger<ProvisioningController>(), noStock, daemonSets, volumes, registrations, unmanaged);
        // Disruption runs beside the provisioner under the same lease: only the leader removes nodes.
        var disruptionController = disruption?.Create(client, pods, nodes.Cache, claims, cloud, configuration, noStock, daemonSets, unmanaged);
        // NodePool / ECSNodeClass status is written only when they come from the cluster: a pool read
        // from a file (ConfigFiles, or local mode's article YAML) has no object to write it to.
        var statusController = clusterConfig is null ? null
            : new ProvisioningStatusController(client, clusterConfig, claims, stack.NodeClasses, o.StatusInterval, time, logging.CreateLogger<ProvisioningStatusController>(), registrations);
        var runner = new LeaderElectedRunner(client, new LeaderElectionSettings
        {
            LeaseNamespace = o.LeaseNamespace is { Length: > 0 } ns ? ns
                : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNamespace ? podNamespace : "kube-system",
            LeaseName = o.LeaseName,
            Identity = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : $"{Environment.MachineName}-{Environment.ProcessId}",
            LeaseDuration = o.LeaseDuration,
            RenewDeadline = o.RenewDeadline,
            RetryPeriod = o.RetryPeriod,
        }, logging.CreateLogger<LeaderElectedRunner>());
        // While leading: provision, disrupt, write pool status, and refresh spot prices (failures keep the last good prices).
        await runner.RunAsync(
            async leading =>
            {
                metrics.Leading(true);
                try
                {
                    await Task.WhenAll(
                        controller.RunAsync(leading),
                        disruptionController?.RunAsync(leading) ?? Task.CompletedTask,
                        statusController?.RunAsync(leading) ?? Task.CompletedTask,
                        stack.Prices.RunAsync(o.PriceRefreshInterval, leading)).ConfigureAwait(false);
                }
                finally
                {
                    metrics.Leading(false);
                }
            },
            stoppingToken).ConfigureAwait(false);
        await claims.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await volumes.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await daemonSets.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await pods.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    // Files (or, in local mode without files, the article's YAML) are read once: a bad file stops
    // nothing but is reported. From the cluster, an edit takes effect on the next pass and a bad
    // edit is reported once and leaves the last good set in force.
    private Func<CancellationToken, Task<ProvisioningConfig>> Configuration(ProvisionerOptions o, ClusterProvisioningConfig? cluster)
    {
        if (cluster is not null)
        {
            return async ct =>
            {
                var (config, errors) = await cluster.RefreshAsync(ct).ConfigureAwait(false);
                foreach (var error in errors)
                {
                    LogConfigError(error.ToString());
                }

                return config;
            };
        }

        var source = new ProvisioningConfigSource();
        var fileErrors = o.ConfigFiles.Count > 0
            ? source.LoadFiles([.. o.ConfigFiles])
            : source.Load([("article nodepool", ArticleProvisioningConfig.NodePool), ("article nodeclass", ArticleProvisioningConfig.NodeClass)]);
        foreach (var error in fileErrors)
        {
            LogConfigError(error.ToString());
        }

        return _ => Task.FromResult(source.Current);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioner disabled (set Provisioner:Enabled=true with Region and ClusterId to launch nodes)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning configuration rejected: {Error}")]
    private partial void LogConfigError(string error);
}
