using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The provisioner: every <see cref="ProvisionerSettings.PollInterval"/> it reconciles each
/// NodeClaim (<see cref="NodeClaimLifecycle"/>: launch, register, initialize, terminate) and,
/// when the batch window closes, plans the pending pods (<see cref="Solver"/>) and creates and
/// launches a NodeClaim per new node. Every decision is taken from the cluster and the cloud as
/// they are now (claims from the shared <see cref="NodeClaimCache"/> with this process's own
/// recent writes laid over it, instances listed by their claim tag), so a restart at any point
/// picks up where the last run stopped without launching twice. Run it on the leader only.
/// </summary>
public sealed partial class ProvisioningController
{
    private readonly IKubernetes _client;
    private readonly NodeClaimStore _claims;
    private readonly NodeClaimCache _claimCache;
    private readonly RecentClaimWrites _recentWrites = new();
    private readonly ListWatchCache<V1Pod> _pods;
    private readonly ListWatchCache<V1Node> _nodes;
    private readonly ListWatchCache<V1DaemonSet>? _daemonSets;
    private readonly VolumeCaches? _volumes;
    private readonly ICloudProvider _cloud;
    private readonly INodeClassResolver _nodeClasses;
    private readonly Func<CancellationToken, Task<ProvisioningConfig>> _configuration;
    private readonly ProvisionerSettings _settings;
    private readonly IProvisionerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NoStockMemory _noStock;
    private readonly PodBatch _batch = new();
    private readonly NodeClaimEvents _events;
    private readonly PodEvents _podEvents;
    private readonly NodeRegistrationHistory? _registrations;
    private readonly UnmanagedClaims _unmanaged;
    private PodPendingObserver _podPending;
    private Dictionary<string, string> _volumeWaits = new(StringComparer.Ordinal);

    /// <param name="claims">The NodeClaims, list+watched (shared with the disruption controller); the controller waits for its first list.</param>
    /// <param name="daemonSets">The cluster's DaemonSets, whose pods every new node of a pool they fit reserves room for; none when null.</param>
    /// <param name="volumes">The claims, volumes and storage classes that constrain where pending pods with PVCs can run (<see cref="VolumeTopology"/>); ignored when null.</param>
    /// <param name="registrations">Where each claim's joining or not joining is recorded for its pool's status; nowhere when null.</param>
    /// <param name="unmanaged">Claims whose instance schedext did not launch (Karpenter's), shared with the disruption controller; a private one when null.</param>
    public ProvisioningController(
        IKubernetes client,
        ListWatchCache<V1Pod> pods,
        ListWatchCache<V1Node> nodes,
        NodeClaimCache claims,
        ICloudProvider cloud,
        INodeClassResolver nodeClasses,
        Func<CancellationToken, Task<ProvisioningConfig>> configuration,
        ProvisionerSettings settings,
        IProvisionerMetrics metrics,
        TimeProvider time,
        ILogger<ProvisioningController> logger,
        NoStockMemory? noStock = null,
        ListWatchCache<V1DaemonSet>? daemonSets = null,
        VolumeCaches? volumes = null,
        NodeRegistrationHistory? registrations = null,
        UnmanagedClaims? unmanaged = null)
    {
        _client = client;
        _claims = new NodeClaimStore(client);
        _claimCache = claims;
        _pods = pods;
        _nodes = nodes;
        _daemonSets = daemonSets;
        _volumes = volumes;
        _registrations = registrations;
        _unmanaged = unmanaged ?? new UnmanagedClaims(logger);
        _cloud = cloud;
        _nodeClasses = nodeClasses;
        _configuration = configuration;
        _settings = settings;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _noStock = noStock ?? new NoStockMemory(settings.NoStockTtl);
        _events = new NodeClaimEvents(client, time, logger);
        _podEvents = new PodEvents(client, time, logger);
        _podPending = new PodPendingObserver(metrics, time.GetUtcNow());
    }

    /// <summary>Reconciles until cancelled (leadership lost or shutdown). A failed pass is logged and retried at the next tick.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _pods.WaitForSyncAsync(cancellationToken),
            _nodes.WaitForSyncAsync(cancellationToken),
            _claimCache.WaitForSyncAsync(cancellationToken),
            _daemonSets?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask,
            _volumes?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        // A new term: pods bound while another replica led were reported by it.
        _podPending = new PodPendingObserver(_metrics, _time.GetUtcNow());
        LogStarted();
        await ReconcileLoop.RunAsync(ReconcileOnceAsync, _settings.PollInterval, _time, LogPassFailed, cancellationToken).ConfigureAwait(false);
        LogStopped();
    }

    /// <summary>One pass: every claim's lifecycle step, then the batch of pending pods if its window has closed.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var config = await _configuration(cancellationToken).ConfigureAwait(false);
        // From the cache, not a LIST per pass; claims this process created or launched lately count
        // even while the cache has not caught up with them (RecentClaimWrites).
        var claims = _recentWrites.Apply(_claimCache.Claims, _time.GetUtcNow());
        var instances = (await _cloud.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(i => i.NodeClaim is not null)
            .GroupBy(i => i.NodeClaim!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var nodesByProviderId = _nodes.Items.Values
            .Where(n => !string.IsNullOrEmpty(n.Spec?.ProviderID))
            .GroupBy(n => n.Spec.ProviderID, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var catalog = await _cloud.GetInstanceTypesAsync(cancellationToken).ConfigureAwait(false);
        var context = new PassContext(config, catalog, _time.GetUtcNow());
        // Claims whose instance we did not launch (Karpenter's, after a take-over) are not ours to
        // launch, register or terminate: without this, "instance gone" deleted every one of them.
        var leftAlone = await _unmanaged.FindAsync(claims, instances, _cloud, context.Now, cancellationToken).ConfigureAwait(false);

        // Each claim's outcome in list order: the claim as it now stands, or null when it is gone or going.
        var outcomes = new NodeClaimResource?[claims.Count];
        var unlaunched = new List<int>();
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (leftAlone.Contains(claim.Name))
            {
                outcomes[i] = claim; // still a node of its pool: it counts against the pool's limits
                continue;
            }

            var node = claim.ProviderId is { } providerId ? nodesByProviderId.GetValueOrDefault(providerId) : null;
            var instance = instances.GetValueOrDefault(claim.Name);
            try
            {
                var decision = Decide(claim, instance, node, context);
                if (decision.Action == NodeClaimAction.Launch)
                {
                    unlaunched.Add(i);
                    continue;
                }

                outcomes[i] = await ReconcileClaimAsync(claim, decision, instance, node, context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                // One claim's failure (a cloud error, a conflict) must not hold up the others; it is retried next pass.
                LogClaimFailed(claim.Name, e);
                outcomes[i] = claim;
            }
        }

        // Claims created but never launched (a restart or a failure mid-launch) are launched side
        // by side like a new batch: each writes only its own slot, and the other steps stay in order.
        await Parallel.ForEachAsync(unlaunched, Bounded(cancellationToken),
            async (i, ct) => outcomes[i] = await LaunchAloneAsync(claims[i], context, cancellationToken, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var live = outcomes.OfType<NodeClaimResource>().ToList();

        _metrics.NodeClaims(NodeClaimStates.Count(live));
        _podPending.Observe(_pods.Items.Values);
        await ProvisionAsync(live, context, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>What one pass works from: the configuration, the catalogue and the time, read once.</summary>
    private sealed record PassContext(ProvisioningConfig Config, IReadOnlyList<InstanceType> Catalog, DateTimeOffset Now)
    {
        public NodePool? Pool(string name) => Config.PoolNamed(name);

        public InstanceType? Type(string name) => Catalog.FirstOrDefault(t => t.Name == name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioner started")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioner stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning pass failed; retrying at the next tick")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: reconcile failed; retrying next pass")]
    private partial void LogClaimFailed(string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A DaemonSet is not counted on new nodes: {Reason}")]
    private partial void LogUnreadableDaemonSet(string reason);
}
