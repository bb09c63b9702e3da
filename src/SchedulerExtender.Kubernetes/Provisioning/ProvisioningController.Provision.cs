using System.Diagnostics;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

public sealed partial class ProvisioningController
{
    /// <summary>Plans the pending pods when the batch window closes: onto claims in flight first, then new claims, created and launched side by side.</summary>
    private async Task ProvisionAsync(IReadOnlyList<NodeClaimResource> claims, PassContext context, CancellationToken cancellationToken)
    {
        var pods = _pods.Items.Values;
        var pending = pods.Where(PendingPods.IsPending).ToList();
        _metrics.PendingPods(pending.Count);
        // Every pass, batch or not: what was told to pods bound, deleted or preempting since is forgotten.
        _podEvents.KeepOnly(pending);
        // A pod whose volumes are about to change (a claim not created or not bound yet) is left
        // out of the batch and of its arrivals, so it arrives — and is planned — once they have.
        var plannable = WithVolumeRequirements(pending);
        if (!_batch.Observe([.. plannable.Select(p => $"{p.Pod.Metadata.NamespaceProperty}/{p.Pod.Metadata.Name}")], _settings.Batch, context.Now))
        {
            // Nothing planned again: the last decisions stand, and are told again once they are old.
            await _podEvents.RepeatStaleAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var batch = new List<PendingPod>();
        var refused = new List<UnschedulablePod>();
        var unreadable = new List<(V1Pod Pod, string Message)>();
        foreach (var (pod, volumes) in plannable)
        {
            if (PendingPods.Read(pod, out var error) is not { } read)
            {
                LogUnreadablePod(error ?? "unknown");
                unreadable.Add((pod, $"The provisioner cannot read this pod, so no node is launched for it: {error ?? "unknown"}"));
            }
            else if (VolumeTopology.TryApply(read, volumes, out var constrained, out var reason))
            {
                batch.Add(constrained);
            }
            else
            {
                // No new node can both meet the pod's affinity and reach its volumes: reported as the solver's refusals are.
                refused.Add(new UnschedulablePod(read.Pod, reason ?? "its volumes cannot be reached"));
            }
        }

        var daemonSetPods = DaemonSetPods.Read(_daemonSets?.Items.Values ?? [], pods, LogUnreadableDaemonSet);
        var overhead = DaemonSetPods.OverheadByPool(context.Config.NodePools, daemonSetPods);
        // Grouped once: each claim's node looks up its own pods rather than scanning every pod.
        var running = pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && p.Status?.Phase is not ("Succeeded" or "Failed")).ToLookup(p => p.Spec.NodeName, StringComparer.Ordinal);
        var snapshot = new ProvisioningSnapshot(
            batch,
            [.. claims.Select(c => InFlight(c, context, overhead.GetValueOrDefault(c.Spec.NodePool), running))],
            [.. context.Config.NodePools.Select(p => NodePoolUsage.State(p, claims, context.Config) with
            {
                DaemonSetOverhead = overhead[p.Name],
                DaemonSetHostPorts = DaemonSetOverhead.HostPortsFor(p, daemonSetPods),
            })],
            [.. _noStock.Unavailable(context.Now), .. await UnreachableAsync(context, cancellationToken).ConfigureAwait(false)],
            PendingPods.InZones(pods, _nodes.Get, zoneRules: batch.Any(p => p.Topology?.HasZoneRules == true)));
        // The per-node cost comes from the node class of the pool tried first (the highest weight).
        var firstPool = context.Config.NodePools.OrderByDescending(p => p.Weight).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
        var options = _settings.Solver.WithNodeClass(firstPool is null ? null : context.Config.NodeClassFor(firstPool));
        var clock = Stopwatch.StartNew();
        var plan = Solver.Solve(snapshot, context.Catalog, context.Now, options);
        _metrics.BatchPlanned(batch.Count, clock.Elapsed);
        LogPlanned(batch.Count + refused.Count, plan.OnInFlight.Count, plan.NewClaims.Count, plan.Unschedulable.Count + refused.Count, plan.NewClaimsPricePerHour);
        foreach (var unschedulable in refused.Concat(plan.Unschedulable))
        {
            LogUnschedulable(unschedulable.Pod.ToString(), unschedulable.Reason);
        }

        var podOf = new Dictionary<PodReference, V1Pod>();
        foreach (var (pod, _) in plannable)
        {
            podOf.TryAdd(new PodReference(pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name), pod);
        }

        // Like Karpenter, the claims of one decision are created and launched side by side (up to
        // MaxParallelLaunches at once): a 20-node burst must not wait for 20 RunInstances in a row.
        await Parallel.ForEachAsync(plan.NewClaims, Bounded(cancellationToken), (newClaim, ct) => CreateAndLaunchAsync(newClaim, context, podOf, cancellationToken, ct)).ConfigureAwait(false);
        await ExplainAsync(plan, refused, unreadable, claims, podOf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tells the pods of the plan what it decided for them (<see cref="PodEvents"/>, deduplicated):
    /// Nominated onto the claim in flight each goes to, FailedScheduling with the reason for each
    /// pod no node can be planned for or that cannot be read. Pods planned onto a new claim are told
    /// once it exists (<see cref="CreateAndLaunchAsync"/>).
    /// </summary>
    private async Task ExplainAsync(LaunchPlan plan, List<UnschedulablePod> refused, List<(V1Pod Pod, string Message)> unreadable,
        IReadOnlyList<NodeClaimResource> claims, Dictionary<PodReference, V1Pod> podOf, CancellationToken cancellationToken)
    {
        var failed = refused.Concat(plan.Unschedulable)
            .Select(u => (Pod: podOf.GetValueOrDefault(u.Pod), Message: $"No node can be launched for this pod: {u.Reason}"))
            .Where(f => f.Pod is not null)
            .Select(f => (f.Pod!, f.Message))
            .Concat(unreadable);
        await _podEvents.FailedSchedulingAsync(failed, cancellationToken).ConfigureAwait(false);

        var claimNamed = new Dictionary<string, NodeClaimResource>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            claimNamed.TryAdd(claim.Name, claim);
        }

        var nominated = new List<(V1Pod, string)>(plan.OnInFlight.Count);
        foreach (var placement in plan.OnInFlight)
        {
            if (podOf.GetValueOrDefault(placement.Pod) is { } pod)
            {
                nominated.Add((pod, claimNamed.TryGetValue(placement.ClaimName, out var claim) ? NominationMessage(claim) : $"Planned onto NodeClaim {placement.ClaimName}"));
            }
        }

        await _podEvents.NominatedAsync(nominated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a pod planned onto <paramref name="claim"/> is told: the claim, its pool and its first
    /// candidates. The same whether the claim is new or in flight (its spec does not change), so a
    /// pod planned again onto the claim made for it is not told twice.
    /// </summary>
    private static string NominationMessage(NodeClaimResource claim)
    {
        var types = claim.Spec.InstanceTypes;
        var shown = string.Join(", ", types.Take(3)) + (types.Count > 3 ? $" and {types.Count - 3} more" : "");
        return $"Planned onto NodeClaim {claim.Name} of nodepool {claim.Spec.NodePool} (instance types {shown})";
    }

    /// <summary>
    /// The pending pods with what their volumes ask of a node (<see cref="VolumeTopology.Resolve"/>),
    /// without those that wait for their volumes. A pod without claims costs no lookup. Each wait is
    /// logged once while it lasts (again when its reason changes), not every pass.
    /// </summary>
    private List<(V1Pod Pod, VolumeRequirements Volumes)> WithVolumeRequirements(List<V1Pod> pending)
    {
        var result = new List<(V1Pod, VolumeRequirements)>(pending.Count);
        var waits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pod in pending)
        {
            var claims = PodVolumes.ClaimsOf(pod);
            if (claims.Count == 0 || _volumes is null)
            {
                result.Add((pod, VolumeRequirements.None));
                continue;
            }

            var reference = new PodReference(pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name);
            var volumes = VolumeTopology.Resolve(reference, claims, _volumes);
            if (volumes.WaitReason is { } reason)
            {
                var key = reference.ToString();
                waits[key] = reason;
                if (_volumeWaits.GetValueOrDefault(key) != reason)
                {
                    LogWaitingForVolumes(key, reason);
                }

                continue;
            }

            result.Add((pod, volumes));
        }

        // Pods no longer waiting are forgotten: one that waits again is reported again.
        _volumeWaits = waits;
        return result;
    }

    /// <summary>
    /// Creates one planned claim and launches it. Either step failing is this claim's affair alone
    /// (the others of the batch go on): a claim not created has its pods planned again, a claim
    /// created but not launched is launched (idempotently) by the next pass.
    /// </summary>
    private async ValueTask CreateAndLaunchAsync(NodeClaimPlan newClaim, PassContext context, Dictionary<PodReference, V1Pod> podOf, CancellationToken stopping, CancellationToken cancellationToken)
    {
        NodeClaimResource created;
        try
        {
            var pool = context.Pool(newClaim.NodePool)!;
            created = await _claims.CreateAsync(NodeClaimJson.New(NodeClaimSpec.From(newClaim), pool, context.Config.NodeClassFor(pool)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FailsAlone(e, stopping))
        {
            LogCreateFailed(newClaim.NodePool, newClaim.Pods.Count, e);
            _batch.RequestReplan();
            return;
        }

        _recentWrites.Record(created, context.Now);
        _metrics.ClaimCreated(newClaim.NodePool);
        LogCreated(created.Name, newClaim.Pods.Count, string.Join(",", created.Spec.InstanceTypes.Take(3)));
        // Its pods are told while it launches: the launch does not wait for their events.
        var message = NominationMessage(created);
        var nominated = _podEvents.NominatedAsync(newClaim.Pods.Select(p => podOf.GetValueOrDefault(p)).OfType<V1Pod>().Select(p => (p, message)), cancellationToken);
        await Task.WhenAll(LaunchAloneAsync(created, context, stopping, cancellationToken), nominated).ConfigureAwait(false);
    }

    /// <summary>Launches one claim; a failure is logged and leaves the claim as it was, for the next pass to launch again (idempotently).</summary>
    private async Task<NodeClaimResource?> LaunchAloneAsync(NodeClaimResource claim, PassContext context, CancellationToken stopping, CancellationToken cancellationToken)
    {
        try
        {
            return await LaunchAsync(claim, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FailsAlone(e, stopping))
        {
            LogClaimFailed(claim.Name, e);
            return claim;
        }
    }

    /// <summary>
    /// At most <see cref="ProvisionerSettings.MaxParallelLaunches"/> launches at once. Parallel.ForEachAsync
    /// stops starting new ones and cancels the rest when one body throws, so bodies throw only on
    /// cancellation (or out of memory) and keep every other failure to their own claim.
    /// </summary>
    private ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _settings.MaxParallelLaunches, CancellationToken = cancellationToken };

    // A failure that concerns one claim only: anything but running out of memory or the pass being
    // cancelled (a request's own timeout, an OperationCanceledException too, is the claim's failure
    // and must not cancel the launches beside it).
    private static bool FailsAlone(Exception e, CancellationToken stopping) =>
        e is not OutOfMemoryException && !(e is OperationCanceledException && stopping.IsCancellationRequested);

    /// <summary>
    /// Offerings in zones where no configured node class has a vSwitch. One list serves every pool,
    /// so with node classes in different zones a zone counts as reachable when any of them reaches
    /// it. While a node class cannot be resolved no zone is ruled out (its launches fail and are retried).
    /// </summary>
    private async Task<IReadOnlyList<UnavailableOffering>> UnreachableAsync(PassContext context, CancellationToken cancellationToken)
    {
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nodeClass in context.Config.NodePools.Select(context.Config.NodeClassFor).OfType<EcsNodeClass>().Distinct())
        {
            try
            {
                var settings = await _nodeClasses.ResolveAsync(nodeClass, cancellationToken).ConfigureAwait(false);
                zones.UnionWith(settings.VSwitches.Select(v => v.Zone));
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogNodeClassUnresolved(nodeClass.Name, e.Message);
                return [];
            }
        }

        return ZoneReach.Unreachable(context.Catalog, zones, context.Now + _settings.NoStockTtl);
    }

    /// <summary>
    /// A claim as in-flight capacity: once launched, its allocatable less its pool's DaemonSets and the
    /// pods already bound to its node; before, exactly what it was planned for. Its labels are those
    /// known now (before launch: the pool and, with one capacity type, that one). Its pods are those
    /// bound to its node, for the solver's host-port, anti-affinity and spread checks: none before the
    /// node exists (the pods planned for it are still pending, and planned again in this solve).
    /// </summary>
    private static InFlightClaim InFlight(NodeClaimResource claim, PassContext context, ResourceAmounts overhead, ILookup<string, V1Pod> runningByNode)
    {
        var labels = new Dictionary<string, string>(claim.Labels, StringComparer.Ordinal);
        if (context.Pool(claim.Spec.NodePool) is { } pool)
        {
            foreach (var (key, value) in pool.Labels)
            {
                labels.TryAdd(key, value);
            }
        }

        if (claim.ProviderId is null && claim.Spec.CapacityTypes.Count == 1)
        {
            labels.TryAdd(WellKnownLabels.CapacityType, claim.Spec.CapacityTypes[0].ToLabelValue());
        }

        // A claim pinned to one zone (zone spread, zone anti-affinity) is known to be there before it
        // launches: its pods, planned again, must find it in their zone.
        if (claim.ProviderId is null && claim.Spec.Zones.Count == 1)
        {
            labels.TryAdd(WellKnownLabels.Zone, claim.Spec.Zones[0]);
        }

        var remaining = claim.Spec.Requests;
        var onNode = new List<ScheduledPod>();
        if (claim.Allocatable is { } allocatable)
        {
            remaining = allocatable - overhead;
            if (claim.NodeName is { } nodeName)
            {
                foreach (var pod in runningByNode[nodeName])
                {
                    // DaemonSet pods' room is in the overhead, but their host ports and terms count as any pod's.
                    onNode.Add(PendingPods.Scheduled(pod));
                    if (!PendingPods.IsDaemonSetPod(pod))
                    {
                        remaining -= NodeUsageCache.RequestsOf(pod) with { Pods = 1 };
                    }
                }
            }
        }

        return new InFlightClaim(claim.Name, claim.Spec.NodePool, labels, claim.Taints, remaining, onNode);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ECSNodeClass {Name} cannot be resolved: {Reason}")]
    private partial void LogNodeClassUnresolved(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pending pod cannot be read and is skipped: {Reason}")]
    private partial void LogUnreadablePod(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod {Pod} is not planned yet, its volumes are not ready: {Reason}")]
    private partial void LogWaitingForVolumes(string pod, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned {Pods} pending pods: {OnInFlight} onto capacity in flight, {NewClaims} new node claims ({PricePerHour:F3}/h), {Unschedulable} unschedulable")]
    private partial void LogPlanned(int pods, int onInFlight, int newClaims, int unschedulable, double pricePerHour);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod {Pod} fits no node pool: {Reason}")]
    private partial void LogUnschedulable(string pod, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A NodeClaim of pool {NodePool} for {Pods} pods could not be created; its pods are planned again")]
    private partial void LogCreateFailed(string nodePool, int pods, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name} created for {Pods} pods (candidates {Candidates}, ...)")]
    private partial void LogCreated(string name, int pods, string candidates);
}
