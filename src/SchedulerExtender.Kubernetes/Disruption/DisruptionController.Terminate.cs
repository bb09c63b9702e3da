using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

public sealed partial class DisruptionController
{
    /// <summary>
    /// A validated voluntary command. A delete taints its nodes at once (their pods are evicted from
    /// the next pass on). A replace only creates the replacement claims and records on each node's
    /// claim which replacements it awaits: the nodes are tainted once every replacement is
    /// initialized (<see cref="ContinueReplacementsAsync"/>), so no pod is evicted towards capacity
    /// that may never come.
    /// </summary>
    private async Task ExecuteAsync(DisruptionCommand command, IReadOnlyDictionary<string, NodeClaimResource> claimsByNode, ProvisioningConfig config,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = command.Reason.ToString().ToLowerInvariant();
        var method = command.IsDelete ? "delete" : "replace";
        if (command.Replacements.Any(r => config.NodePools.All(p => p.Name != r.NodePool)))
        {
            LogReplacementPoolGone(command.ToString());
            return;
        }

        _metrics.ActionStarted(reason, method, command.Nodes.Count, command.SavingPerHour);
        LogExecuting(command.ToString(), command.SavingPerHour);
        var claimNames = command.Nodes.Select(n => claimsByNode.TryGetValue(n, out var c) ? c.Name : n).ToList();
        var replacements = await CreateReplacementsAsync(command.Replacements, config, claimNames, cancellationToken).ConfigureAwait(false);
        var waiting = replacements.Count == 0 ? "" : $"; waiting for replacement {string.Join(", ", replacements)} to initialize before draining";
        foreach (var node in command.Nodes)
        {
            var claim = claimsByNode.GetValueOrDefault(node);
            var message = string.Create(CultureInfo.InvariantCulture, $"{method} ({reason}), saving {command.SavingPerHour:F3} CNY/h: {command.Explanation}{waiting}");
            await _events.NormalAsync(claim?.Name ?? node, "Disrupting", message, cancellationToken).ConfigureAwait(false);
            if (replacements.Count == 0)
            {
                await StartDrainAsync(claim?.Name, node, now, cancellationToken).ConfigureAwait(false);
            }
            else if (claim is not null)
            {
                await _claims.PatchAnnotationsAsync(claim.Name, new Dictionary<string, string?>
                {
                    [DisruptionAnnotations.AwaitingReplacements] = string.Join(',', replacements),
                    [DisruptionAnnotations.ReplacementsRequestedAt] = DisruptionAnnotations.TimeText(now),
                }, cancellationToken).ConfigureAwait(false);
            }

            if (replacements.Count == 0 || claim is not null)
            {
                _startedHere[node] = now; // written: disrupting, whatever the caches show yet
            }
        }
    }

    /// <summary>
    /// A spot reclaim, at once and outside budgets: the offering is remembered as unavailable, the
    /// node tainted, replacement capacity launched, and the executors evicted gracefully now
    /// (Alibaba releases the instance about five minutes after the notice: no waiting for the
    /// replacement, unlike a voluntary replace).
    /// </summary>
    private async Task HandleInterruptionAsync(InterruptionCommand interruption, IReadOnlyDictionary<string, NodeClaimResource> claimsByNode, ClusterSnapshot snapshot,
        ProvisioningConfig config, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offering = interruption.UnavailableOffering;
        _noStock.Remember([new OfferingKey(offering.InstanceType, offering.Zone, offering.CapacityType)], now);
        _metrics.SpotReclaimHandled();
        var claim = claimsByNode.GetValueOrDefault(interruption.Node);
        var claimName = claim?.Name ?? interruption.Node;
        var saving = snapshot.Nodes.FirstOrDefault(n => n.Name == interruption.Node)?.PricePerHour ?? 0;
        LogReclaim(interruption.Node, interruption.Explanation);
        await _events.WarningAsync(claimName, "SpotReclaimed",
            string.Create(CultureInfo.InvariantCulture, $"spot instance reclaimed; {saving:F3} CNY/h released, replacement launched: {interruption.Explanation}"), cancellationToken).ConfigureAwait(false);
        await StartDrainAsync(claim?.Name, interruption.Node, now, cancellationToken).ConfigureAwait(false);
        _startedHere[interruption.Node] = now;
        var validNewClaims = interruption.Replacement.NewClaims.Where(r => config.NodePools.Any(p => p.Name == r.NodePool)).ToList();
        await CreateReplacementsAsync(validNewClaims, config, [claimName], cancellationToken).ConfigureAwait(false);
        await DrainAsync(interruption.Node, _pods.Items.Values, deadline: null, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Node repair: the claim is deleted and its termination finished at once, outside budgets and
    /// with no drain and no replacement waited for (Karpenter force-terminates unhealthy nodes too).
    /// An eviction from a node whose kubelet is dead never completes, so a drain would only wait for
    /// the terminationGracePeriod, or forever; the node lifecycle controller has evicted its pods
    /// already, the pod garbage collector removes those still bound once the Node is gone, and the
    /// ones pending are provisioned as usual. The claim's deletionTimestamp makes the next pass
    /// finish it should a step fail here.
    /// </summary>
    private async Task RepairAsync(RepairCommand repair, IReadOnlyDictionary<string, NodeClaimResource> claimsByNode,
        IReadOnlyDictionary<string, CloudInstance> instancesByClaim, ClusterSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!claimsByNode.TryGetValue(repair.Node, out var claim))
        {
            return; // the snapshot only has nodes with a claim; gone since
        }

        var price = snapshot.Nodes.FirstOrDefault(n => n.Name == repair.Node)?.PricePerHour ?? 0;
        _metrics.ActionStarted(DisruptionReason.Unhealthy.ToString().ToLowerInvariant(), "delete", 1, price);
        LogRepair(claim.Name, repair.Node, repair.Explanation);
        await _events.WarningAsync(claim.Name, "NodeRepaired",
            string.Create(CultureInfo.InvariantCulture, $"node {repair.Node} terminated without drain, {price:F3} CNY/h released: {repair.Explanation}"), cancellationToken).ConfigureAwait(false);
        _startedHere[repair.Node] = now;
        await _claims.DeleteAsync(claim.Name, cancellationToken).ConfigureAwait(false);
        await FinishAsync(claim, instancesByClaim.GetValueOrDefault(claim.Name), node: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replacement claims go through the provisioner's own path: it launches every claim without an
    /// instance at its next pass. Each names the claims it replaces. Returns the created claims' names.
    /// </summary>
    private async Task<IReadOnlyList<string>> CreateReplacementsAsync(IReadOnlyList<NodeClaimPlan> replacements, ProvisioningConfig config,
        IReadOnlyList<string> replacing, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var replacement in replacements)
        {
            var pool = config.NodePools.First(p => p.Name == replacement.NodePool);
            var json = NodeClaimJson.New(NodeClaimSpec.From(replacement), pool, config.NodeClassFor(pool));
            json["metadata"]!["annotations"]![DisruptionAnnotations.ReplacementFor] = string.Join(',', replacing);
            var claim = await _claims.CreateAsync(json, cancellationToken).ConfigureAwait(false);
            created.Add(claim.Name);
            LogReplacement(claim.Name, replacement.Pods.Count);
        }

        return created;
    }

    /// <summary>
    /// Taints the node (the termination is recorded from here) and then stamps on its claim when
    /// the drain began, for the claim's terminationGracePeriod. Tainting first: a crash in between
    /// leaves a tainted node, whose missing stamp the next pass writes.
    /// </summary>
    private async Task StartDrainAsync(string? claimName, string nodeName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await TaintAsync(nodeName, cancellationToken).ConfigureAwait(false);
        if (claimName is not null)
        {
            await StampDrainStartAsync(claimName, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task StampDrainStartAsync(string claimName, DateTimeOffset now, CancellationToken cancellationToken) =>
        _claims.PatchAnnotationsAsync(claimName, new Dictionary<string, string?> { [DisruptionAnnotations.DrainStartedAt] = DisruptionAnnotations.TimeText(now) }, cancellationToken);

    /// <summary>
    /// Carries on what the cluster says was started: a tainted node is drained and then
    /// terminated; a deleting claim (drained, or deleted by someone else) is finished. A drain
    /// stops waiting at the claim's terminationGracePeriod, counted from the claim's drain stamp.
    /// A retiring claim (<paramref name="retiring"/>) found deleting before its node was drained —
    /// Karpenter was terminating it when it stopped, or someone deleted it — is drained first: a
    /// node schedext did not launch leaves only through the drain.
    /// </summary>
    private async Task ContinueTerminationsAsync(IReadOnlyList<NodeClaimResource> claims, IReadOnlyDictionary<string, CloudInstance> instancesByClaim,
        IReadOnlyDictionary<string, CloudInstance> retiring, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, ProvisioningConfig config, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var nodesByName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        _unreadableGracePeriodReported.IntersectWith(claims.Select(c => c.Name));
        foreach (var claim in claims)
        {
            var node = claim.NodeName is { } name ? nodesByName.GetValueOrDefault(name) : null;
            try
            {
                if (claim.Deleting && claim.Finalizers.Contains(NodeClaimResource.TerminationFinalizer))
                {
                    if (retiring.ContainsKey(claim.Name) && node is not null && !await DrainRetiringAsync(claim, node, pods, config, now, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    await FinishAsync(claim, instancesByClaim.GetValueOrDefault(claim.Name), node, cancellationToken).ConfigureAwait(false);
                }
                else if (node is not null && DisruptionSnapshotBuilder.IsTainted(node)
                    && await DrainAsync(node.Metadata.Name, pods, await DrainDeadlineAsync(claim, config, now, cancellationToken).ConfigureAwait(false), now, cancellationToken).ConfigureAwait(false))
                {
                    // The claim's deletionTimestamp is the point of no return: from here a restart finishes, never drains again.
                    await _claims.DeleteAsync(claim.Name, cancellationToken).ConfigureAwait(false);
                    await FinishAsync(claim, instancesByClaim.GetValueOrDefault(claim.Name), node, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogTerminationFailed(claim.Name, e);
            }
        }
    }

    /// <summary>
    /// When the drain of the claim's node must end: its drain stamp plus its
    /// <see cref="TerminationGracePeriodOf">terminationGracePeriod</see>; null when there is none.
    /// A tainted node whose claim has no stamp (a crash right after the taint) is stamped now.
    /// </summary>
    private async Task<DateTimeOffset?> DrainDeadlineAsync(NodeClaimResource claim, ProvisioningConfig config, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = DisruptionAnnotations.TimeOf(claim, DisruptionAnnotations.DrainStartedAt);
        if (started is null)
        {
            await StampDrainStartAsync(claim.Name, now, cancellationToken).ConfigureAwait(false);
            started = now;
        }

        return TerminationGracePeriodOf(claim, config) is { } period ? started + period : null;
    }

    /// <summary>
    /// The claim's own terminationGracePeriod, copied from its pool at launch (Karpenter v1): a
    /// later change to the pool does not move the deadline of a node launched before it. A claim
    /// without one falls back to the pool's current value (null when the pool sets none or is
    /// gone): claims launched before the field was copied have none, and neither has a claim
    /// from a pool that set none at launch (those two cannot be told apart). An unreadable value
    /// counts as absent, reported once per claim.
    /// </summary>
    private TimeSpan? TerminationGracePeriodOf(NodeClaimResource claim, ProvisioningConfig config)
    {
        if (claim.UnreadableTerminationGracePeriod is { } text && _unreadableGracePeriodReported.Add(claim.Name))
        {
            LogUnreadableGracePeriod(claim.Name, text);
        }

        return claim.TerminationGracePeriod ?? config.PoolNamed(claim.Spec.NodePool)?.TerminationGracePeriod;
    }

    /// <summary>
    /// Evicts the node's pods through the Eviction API (PodDisruptionBudgets answer 429: tried
    /// again next pass; each pod's terminationGracePeriodSeconds runs its preStop hook, Spark's
    /// decommission), executors and other pods first, drivers only once they are gone. True when
    /// no pod but DaemonSet or finished ones is left.
    /// With a <paramref name="deadline"/> (Karpenter's terminationGracePeriod): a pod whose own
    /// grace period would run past it is deleted, not evicted, early enough to get that grace in
    /// full (PodDisruptionBudgets and do-not-disrupt no longer hold); at the deadline every pod
    /// left is deleted and the drain counts as done, so the node is terminated.
    /// </summary>
    private async Task<bool> DrainAsync(string nodeName, IEnumerable<V1Pod> pods, DateTimeOffset? deadline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var remaining = pods.Where(p => p.Spec?.NodeName == nodeName && !DisruptionSnapshotBuilder.IsTerminal(p) && !PendingPods.IsDaemonSetPod(p)).ToList();
        if (remaining.Count == 0)
        {
            return true;
        }

        if (deadline is { } end)
        {
            foreach (var pod in remaining.Where(p => p.Metadata.DeletionTimestamp is null && now >= end - GracePeriodOf(p)))
            {
                _metrics.Eviction(await DeleteAtDeadlineAsync(pod, cancellationToken).ConfigureAwait(false));
            }

            if (now >= end)
            {
                LogDrainDeadline(nodeName, remaining.Count);
                return true;
            }

            remaining = [.. remaining.Where(p => now < end - GracePeriodOf(p))];
        }

        static bool IsDriver(V1Pod p) => p.Metadata?.Labels?.TryGetValue(SparkLabels.Role, out var role) == true && role == SparkLabels.DriverRole;
        var evictNow = remaining.Any(p => !IsDriver(p)) ? remaining.Where(p => !IsDriver(p)) : remaining;
        foreach (var pod in evictNow.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            _metrics.Eviction(await EvictAsync(pod, cancellationToken).ConfigureAwait(false));
        }

        return false;
    }

    // Kubernetes' default when the pod does not say.
    private static TimeSpan GracePeriodOf(V1Pod pod) => TimeSpan.FromSeconds(pod.Spec?.TerminationGracePeriodSeconds ?? 30);

    private async Task<string> DeleteAtDeadlineAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogDeletedAtDeadline(pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Spec.NodeName);
            return "deleted";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return "gone";
        }
        catch (HttpOperationException e)
        {
            LogEvictionFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, (int)e.Response.StatusCode);
            return "error";
        }
    }

    private async Task<string> EvictAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty } };
        try
        {
            await _client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogEvicted(pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Spec.NodeName);
            return "evicted";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            LogEvictionBlocked(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            return "blocked";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return "gone";
        }
        catch (HttpOperationException e)
        {
            LogEvictionFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, (int)e.Response.StatusCode);
            return "error";
        }
    }

    /// <summary>The end of a termination, each step idempotent: the instance released (already gone is fine), the Node removed, our finalizer removed.</summary>
    private async Task FinishAsync(NodeClaimResource claim, CloudInstance? instance, V1Node? node, CancellationToken cancellationToken)
    {
        if (instance is not null)
        {
            await _cloud.DeleteAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
            // A retiring claim's instance comes from a remembered lookup, not from the listing: the
            // next attempt at the steps below must not release it again (WithRetiringInstances).
            _releasedHere.Add(instance.ProviderId);
        }

        var nodeName = node?.Metadata.Name ?? claim.NodeName;
        if (nodeName is not null)
        {
            await DeleteNodeAsync(nodeName, cancellationToken).ConfigureAwait(false);
        }

        await _claims.RemoveFinalizerAsync(claim, cancellationToken).ConfigureAwait(false);
        _metrics.NodeTerminated();
        LogTerminated(claim.Name, instance?.InstanceId ?? "none", nodeName ?? "none");
        await _events.NormalAsync(claim.Name, "Terminated", $"instance {instance?.InstanceId ?? "already gone"} released, node {nodeName ?? "none"} removed", cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNodeAsync(nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Adds <c>karpenter.sh/disrupted:NoSchedule</c> to the node's taints (kept if present): nothing new lands there, and the termination is recorded.</summary>
    private async Task TaintAsync(string nodeName, CancellationToken cancellationToken)
    {
        var node = await _client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (DisruptionSnapshotBuilder.IsTainted(node))
        {
            return;
        }

        var taint = DisruptionPlanner.DisruptedTaint;
        var taints = new JsonArray([.. (node.Spec?.Taints ?? []).Select(t => (JsonNode)TaintJson(t.Key, t.Value, t.Effect)), TaintJson(taint.Key, taint.Value, taint.Effect)]);
        // The resourceVersion makes the merge patch fail on a concurrent change instead of dropping someone else's taint.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = node.Metadata.ResourceVersion },
            ["spec"] = new JsonObject { ["taints"] = taints },
        };
        await _client.CoreV1.PatchNodeAsync(NodeClaimStore.MergePatch(patch), nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject TaintJson(string key, string? value, string effect)
    {
        var json = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (value is not null)
        {
            json["value"] = value;
        }

        return json;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disrupting: {Command} (saves {SavingPerHour:F3}/h)")]
    private partial void LogExecuting(string command, double savingPerHour);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: spot reclaim notice: {Explanation}")]
    private partial void LogReclaim(string node, string explanation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: repairing node {Node}, terminating it without drain: {Explanation}")]
    private partial void LogRepair(string name, string node, string explanation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disruption skipped: a replacement's NodePool is gone: {Command}")]
    private partial void LogReplacementPoolGone(string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: spec.terminationGracePeriod \"{Value}\" is not a duration; using the pool's")]
    private partial void LogUnreadableGracePeriod(string name, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: drain deadline (terminationGracePeriod) reached with {Pods} pods left; terminating")]
    private partial void LogDrainDeadline(string node, int pods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Namespace}/{Pod} on {Node} without eviction: the drain deadline (terminationGracePeriod) is near")]
    private partial void LogDeletedAtDeadline(string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name} created as a replacement for {Pods} pods")]
    private partial void LogReplacement(string name, int pods);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted {Namespace}/{Pod} from {Node}")]
    private partial void LogEvicted(string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Eviction of {Namespace}/{Pod} refused by a PodDisruptionBudget; trying again later")]
    private partial void LogEvictionBlocked(string @namespace, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Eviction of {Namespace}/{Pod} failed with HTTP {Status}; trying again later")]
    private partial void LogEvictionFailed(string @namespace, string pod, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: terminated (instance {InstanceId} released, node {Node} removed)")]
    private partial void LogTerminated(string name, string instanceId, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: termination step failed; retrying next pass")]
    private partial void LogTerminationFailed(string name, Exception exception);
}
