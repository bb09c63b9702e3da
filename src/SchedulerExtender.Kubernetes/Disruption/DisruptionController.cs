using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// Removes nodes the way Karpenter's disruption controller does: every pass it collects orphans,
/// carries on the terminations already started, terminates nodes not Ready for too long
/// (<see cref="NodeRepair"/>), answers spot reclaim notices at once, and runs
/// the voluntary commands of <see cref="DisruptionPlanner.Plan"/> only after they are validated
/// again <see cref="DisruptionOptions.ValidationDelay"/> later. All progress lives in the cluster
/// (the replacements a claim awaits, in <see cref="DisruptionAnnotations"/>; the node's
/// <c>karpenter.sh/disrupted</c> taint; then the claim's deletionTimestamp held by our finalizer),
/// so a restart resumes every replacement wait and termination; only the commands waiting for
/// validation are in memory, and they are simply planned again. Run it on the leader only.
/// </summary>
public sealed partial class DisruptionController
{
    private readonly IKubernetes _client;
    private readonly NodeClaimStore _claims;
    private readonly NodeClaimCache _claimCache;
    private readonly ListWatchCache<V1Pod> _pods;
    private readonly ListWatchCache<V1Node> _nodes;
    private readonly ListWatchCache<V1DaemonSet>? _daemonSets;
    private readonly ICloudProvider _cloud;
    private readonly Func<CancellationToken, Task<ProvisioningConfig>> _configuration;
    private readonly DisruptionSettings _settings;
    private readonly IDisruptionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NoStockMemory _noStock;
    private readonly UnmanagedClaims _unmanaged;
    private readonly NodeClaimEvents _events;
    private readonly PodEventTracker _podEvents = new();
    private readonly BlockedEventThrottle _blockedEvents;
    private readonly Dictionary<string, DateTimeOffset> _reclaimSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadableGracePeriodReported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _startedHere = new(StringComparer.Ordinal);
    private readonly HashSet<string> _releasedHere = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retirementLogged = new(StringComparer.Ordinal);
    private List<DisruptionCommand> _awaitingValidation = [];

    /// <param name="claims">The NodeClaims, list+watched (shared with the provisioner); the controller waits for its first list.</param>
    /// <param name="noStock">The provisioner's no-stock memory, so a reclaimed offering is not bought again at once; a private one when null.</param>
    /// <param name="daemonSets">The cluster's DaemonSets, whose pods a replacement node reserves room for; none when null.</param>
    /// <param name="unmanaged">Claims whose instance schedext did not launch (Karpenter's), shared with the provisioner; a private one when null.</param>
    public DisruptionController(
        IKubernetes client,
        ListWatchCache<V1Pod> pods,
        ListWatchCache<V1Node> nodes,
        NodeClaimCache claims,
        ICloudProvider cloud,
        Func<CancellationToken, Task<ProvisioningConfig>> configuration,
        DisruptionSettings settings,
        IDisruptionMetrics metrics,
        TimeProvider time,
        ILogger<DisruptionController> logger,
        NoStockMemory? noStock = null,
        ListWatchCache<V1DaemonSet>? daemonSets = null,
        UnmanagedClaims? unmanaged = null)
    {
        _client = client;
        _claims = new NodeClaimStore(client);
        _claimCache = claims;
        _pods = pods;
        _nodes = nodes;
        _daemonSets = daemonSets;
        _cloud = cloud;
        _configuration = configuration;
        _settings = settings;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _noStock = noStock ?? new NoStockMemory(settings.Planner.ReclaimedOfferingTtl);
        _unmanaged = unmanaged ?? new UnmanagedClaims(logger);
        _events = new NodeClaimEvents(client, time, logger);
        _blockedEvents = new BlockedEventThrottle(settings.BlockedEventInterval);
    }

    /// <summary>Reconciles until cancelled (leadership lost or shutdown). A failed pass is logged and retried at the next tick.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _pods.WaitForSyncAsync(cancellationToken),
            _nodes.WaitForSyncAsync(cancellationToken),
            _claimCache.WaitForSyncAsync(cancellationToken),
            _daemonSets?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        LogStarted();
        await ReconcileLoop.RunAsync(ReconcileOnceAsync, _settings.PollInterval, _time, LogPassFailed, cancellationToken).ConfigureAwait(false);
        LogStopped();
    }

    /// <summary>One pass: orphans, terminations in progress, drift hashes of another version stamped again, node repairs, reclaim notices, then voluntary commands.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var config = await _configuration(cancellationToken).ConfigureAwait(false);
        // Instances first, claims second: a claim is created before its instance is launched, so
        // every instance listed has its claim in the later list. The other order took an instance
        // launched while the (slow, retried) cloud listing ran for an orphan and released it under a
        // running driver — ECS reports creation times to the minute, so the grace period alone does
        // not cover it. Found by the chaos test. The claims come from the watch cache, which may be
        // late (a watch reconnecting, a re-list), so the order no longer suffices on its own: an
        // instance is released as an orphan only once a GET of its claim answers 404 (CollectOrphansAsync).
        var instances = await _cloud.ListAsync(cancellationToken).ConfigureAwait(false);
        var claims = _claimCache.Claims;
        var catalog = await _cloud.GetInstanceTypesAsync(cancellationToken).ConfigureAwait(false);
        var nodes = _nodes.Items.Values.ToList();
        var pods = _pods.Items.Values.ToList();

        IReadOnlyDictionary<string, CloudInstance> instancesByClaim = instances
            .Where(i => i.NodeClaim is not null)
            .GroupBy(i => i.NodeClaim!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // A claim whose instance we did not launch (Karpenter's, after a take-over) is not ours: it
        // is dropped here, so its node counts as one without a claim — never collected as "lost",
        // drained, repaired, consolidated or re-stamped. Unless it is to be retired.
        var leftAlone = await _unmanaged.FindAsync(claims, instancesByClaim, _cloud, now, cancellationToken).ConfigureAwait(false);
        var retiring = Retiring(claims, leftAlone);
        if (leftAlone.Count > 0)
        {
            claims = [.. claims.Where(c => !leftAlone.Contains(c.Name) || retiring.ContainsKey(c.Name))];
        }

        if (retiring.Count > 0)
        {
            instancesByClaim = WithRetiringInstances(instancesByClaim, retiring);
        }

        claims = await CollectOrphansAsync(claims, instances, instancesByClaim, nodes, now, cancellationToken).ConfigureAwait(false);
        await ContinueTerminationsAsync(claims, instancesByClaim, retiring, nodes, pods, config, now, cancellationToken).ConfigureAwait(false);
        await ContinueReplacementsAsync(claims, nodes, now, cancellationToken).ConfigureAwait(false);
        await RestampHashesAsync([.. claims.Where(c => !retiring.ContainsKey(c.Name))], config, cancellationToken).ConfigureAwait(false);

        _podEvents.Observe(pods.Where(p => !DisruptionSnapshotBuilder.IsTerminal(p) && !string.IsNullOrEmpty(p.Spec?.NodeName)), nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal), now);
        ObserveReclaimNotices(claims, instancesByClaim, nodes, now);
        var budgets = await _client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var observed = new DisruptionSnapshotBuilder.Observation(config, catalog, claims, nodes, pods, _noStock.Unavailable(now))
        {
            DisruptionBudgets = new PodDisruptionBudgetIndex(budgets.Items, pods),
            // An unreadable DaemonSet is reported by the provisioner, which reads the same cache.
            DaemonSets = DaemonSetPods.Read(_daemonSets?.Items.Values ?? [], pods),
            FoundUnmanaged = retiring.Keys.ToHashSet(StringComparer.Ordinal),
        };
        var snapshot = WithStartedHere(DisruptionSnapshotBuilder.Build(observed, _podEvents.LastEventAt, n => _reclaimSeen.TryGetValue(n, out var at) ? at : null), now);
        var claimsByNode = claims.Where(c => c.NodeName is not null).GroupBy(c => c.NodeName!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var repair = NodeRepair.Plan(snapshot, now, _settings.Planner);
        foreach (var command in repair.Repairs)
        {
            await RepairAsync(command, claimsByNode, instancesByClaim, snapshot, now, cancellationToken).ConfigureAwait(false);
        }

        if (repair.Repairs.Count > 0)
        {
            // RepairAsync recorded each repaired node as started here: the planner sees them disrupting.
            snapshot = WithStartedHere(snapshot, now);
        }

        var plan = DisruptionPlanner.Plan(snapshot, catalog, now, _settings.Planner);
        await RecordBlockedAsync(plan, repair.Blocked, snapshot, claimsByNode, now, cancellationToken).ConfigureAwait(false);
        foreach (var interruption in plan.Interruptions)
        {
            await HandleInterruptionAsync(interruption, claimsByNode, snapshot, config, now, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Interruptions.Count == 0)
        {
            await RunVoluntaryAsync(plan, snapshot, claimsByNode, config, catalog, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Voluntary commands wait <see cref="DisruptionOptions.ValidationDelay"/>, are validated on
    /// the cluster as it is then, and run one after another, each counted against the budgets of
    /// the next (its nodes are disrupting from then on).
    /// </summary>
    private async Task RunVoluntaryAsync(DisruptionPlan plan, ClusterSnapshot snapshot, IReadOnlyDictionary<string, NodeClaimResource> claimsByNode,
        ProvisioningConfig config, IReadOnlyList<Core.Catalog.InstanceType> catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_awaitingValidation.Count == 0)
        {
            _awaitingValidation = [.. plan.Commands];
            foreach (var command in plan.Commands)
            {
                LogPlanned(command.ToString(), command.SavingPerHour);
            }

            return;
        }

        var due = _awaitingValidation.Where(c => c.ValidateAfter <= now).ToList();
        _awaitingValidation = [.. _awaitingValidation.Except(due)];
        var current = snapshot;
        foreach (var command in due)
        {
            var validation = DisruptionPlanner.Validate(command, current, catalog, now, _settings.Planner);
            if (!validation.IsValid)
            {
                LogInvalidated(command.ToString(), validation.Reason);
                continue;
            }

            await ExecuteAsync(command, claimsByNode, config, now, cancellationToken).ConfigureAwait(false);
            var started = command.Nodes.ToHashSet(StringComparer.Ordinal);
            current = current with { Nodes = [.. current.Nodes.Select(n => started.Contains(n.Name) ? n with { Disrupting = true } : n)] };
        }
    }

    /// <summary>
    /// Tells operators why a node that would be disrupted stays: a <c>DisruptionBlocked</c> Event
    /// on its claim, de-duplicated by <see cref="BlockedEventThrottle"/>. The planner lists every
    /// blocked node only when it ran all its methods (no reclaim answered, no command found). Node
    /// repair lists its held-back nodes every pass (<paramref name="repairBlocked"/>: not ready, so
    /// never among the planner's).
    /// </summary>
    private async Task RecordBlockedAsync(DisruptionPlan plan, IReadOnlyList<BlockedCandidate> repairBlocked, ClusterSnapshot snapshot,
        IReadOnlyDictionary<string, NodeClaimResource> claimsByNode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var liveNodes = snapshot.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var complete = plan.Interruptions.Count == 0 && plan.Commands.Count == 0;
        foreach (var blocked in _blockedEvents.Select(plan.Blocked.Concat(repairBlocked).Where(b => claimsByNode.ContainsKey(b.Node)), liveNodes, complete, now))
        {
            var claim = claimsByNode[blocked.Node].Name;
            var reason = blocked.Reason.ToString().ToLowerInvariant();
            LogBlocked(claim, reason, blocked.Why);
            await _events.NormalAsync(claim, "DisruptionBlocked", $"{reason} but not disrupted: {blocked.Why}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Nodes this process started to disrupt lately (tainted, or their claim marked as awaiting
    /// replacements) count as disrupting while the caches do not show it yet (a watch
    /// reconnecting): otherwise the same node could be planned again, its reclaim answered twice,
    /// a second set of replacements bought. An entry lasts until the snapshot shows the node
    /// disrupting (or gone), at most <see cref="RecentClaimWrites.Ttl"/>.
    /// </summary>
    private ClusterSnapshot WithStartedHere(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        foreach (var (node, at) in _startedHere.ToList())
        {
            if (at + RecentClaimWrites.Ttl <= now || !snapshot.Nodes.Any(n => n.Name == node && !n.Disrupting))
            {
                _startedHere.Remove(node);
            }
        }

        return _startedHere.Count == 0
            ? snapshot
            : snapshot with { Nodes = [.. snapshot.Nodes.Select(n => _startedHere.ContainsKey(n.Name) ? n with { Disrupting = true } : n)] };
    }

    private void ObserveReclaimNotices(IReadOnlyList<NodeClaimResource> claims, IReadOnlyDictionary<string, CloudInstance> instancesByClaim, IReadOnlyList<V1Node> nodes, DateTimeOffset now)
    {
        var nodesByName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var noticed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims.Where(c => c.NodeName is not null && nodesByName.ContainsKey(c.NodeName)))
        {
            var fromCloud = instancesByClaim.TryGetValue(claim.Name, out var instance) && instance.ReclaimPending;
            if (fromCloud || DisruptionSnapshotBuilder.HasReclaimSignal(nodesByName[claim.NodeName!]))
            {
                noticed.Add(claim.NodeName!);
                _reclaimSeen.TryAdd(claim.NodeName!, now);
            }
        }

        foreach (var gone in _reclaimSeen.Keys.Where(k => !noticed.Contains(k)).ToList())
        {
            _reclaimSeen.Remove(gone);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disruption controller started")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Information, Message = "Disruption controller stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Disruption pass failed; retrying at the next tick")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disruption planned, validating later: {Command} (saves {SavingPerHour:F3}/h)")]
    private partial void LogPlanned(string command, double savingPerHour);

    [LoggerMessage(Level = LogLevel.Debug, Message = "NodeClaim {Name}: {Reason} but not disrupted: {Why}")]
    private partial void LogBlocked(string name, string reason, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disruption dropped on validation: {Command}: {Reason}")]
    private partial void LogInvalidated(string command, string reason);
}
