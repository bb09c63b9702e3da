using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

public sealed partial class ProvisioningController
{
    /// <summary>What the claim's lifecycle asks for now (pure: <see cref="NodeClaimLifecycle.Decide"/>).</summary>
    private NodeClaimDecision Decide(NodeClaimResource claim, CloudInstance? instance, V1Node? node, PassContext context)
    {
        var observedNode = node is null
            ? null
            : new NodeObservation(node.Metadata.Name, IsReady(node), [.. (node.Spec?.Taints ?? []).Select(t => t.Key)]);
        return NodeClaimLifecycle.Decide(claim.Observe(), instance, observedNode, claim.StartupTaints, context.Now, _settings.RegistrationTimeout);
    }

    /// <summary>One lifecycle step (a pass runs its launches apart, side by side); returns the claim as it now stands, or null when it is gone or going.</summary>
    private async Task<NodeClaimResource?> ReconcileClaimAsync(NodeClaimResource claim, NodeClaimDecision decision, CloudInstance? instance, V1Node? node, PassContext context, CancellationToken cancellationToken)
    {
        switch (decision.Action)
        {
            case NodeClaimAction.Launch:
                return await LaunchAsync(claim, context, cancellationToken).ConfigureAwait(false);
            case NodeClaimAction.Register:
                await RegisterAsync(claim, node!, context.Now, cancellationToken).ConfigureAwait(false);
                return claim with { NodeName = node!.Metadata.Name };
            case NodeClaimAction.Initialize:
                await PatchConditionsAsync(claim, null, context.Now, cancellationToken,
                    (NodeClaimCondition.Initialized, "True", "Initialized", decision.Reason),
                    (NodeClaimCondition.Ready, "True", "Ready", "launched, registered and initialized")).ConfigureAwait(false);
                LogInitialized(claim.Name, node!.Metadata.Name);
                return claim;
            case NodeClaimAction.TerminateRegistrationTimeout:
                await TerminateAsync(claim, instance, "registration_timeout", decision.Reason, cancellationToken).ConfigureAwait(false);
                return null;
            case NodeClaimAction.TerminateInstanceGone:
                await TerminateAsync(claim, null, "instance_gone", decision.Reason, cancellationToken).ConfigureAwait(false);
                return null;
            case NodeClaimAction.TerminateNodeGone:
                await TerminateAsync(claim, instance, "node_gone", decision.Reason, cancellationToken).ConfigureAwait(false);
                return null;
            case NodeClaimAction.Finalize:
                await FinalizeAsync(claim, instance, node, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                return claim;
        }
    }

    /// <summary>
    /// Launches the claim through the cloud, trying its capacity types in order (the on-demand
    /// fallback last). The provider is idempotent per claim name, so launching a claim whose
    /// instance was started before a restart returns that instance.
    /// </summary>
    private async Task<NodeClaimResource?> LaunchAsync(NodeClaimResource claim, PassContext context, CancellationToken cancellationToken)
    {
        var pool = context.Pool(claim.Spec.NodePool);
        var nodeClass = pool is null ? null : context.Config.NodeClassFor(pool);
        if (pool is null || nodeClass is null)
        {
            await TerminateAsync(claim, null, "launch_error", $"node pool {claim.Spec.NodePool} or its node class is not configured", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var settings = await _nodeClasses.ResolveAsync(nodeClass, cancellationToken).ConfigureAwait(false);
        var tried = new List<string>();
        foreach (var capacityType in claim.Spec.CapacityTypes)
        {
            var request = LaunchRequestBuilder.Build(claim.Name, claim.Spec, capacityType, pool, nodeClass, settings, context.Catalog, _noStock, context.Now);
            if (request is null)
            {
                tried.Add($"{capacityType.ToLabelValue()}: nothing buyable");
                continue;
            }

            try
            {
                var instance = await _cloud.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                return await RecordLaunchAsync(claim, instance, request.ImageId, pool, nodeClass, context, cancellationToken).ConfigureAwait(false);
            }
            catch (InsufficientCapacityException e)
            {
                _noStock.Remember(e.Offerings, context.Now);
                tried.Add($"{capacityType.ToLabelValue()}: {e.Reason}");
                LogNoStock(claim.Name, capacityType.ToLabelValue(), string.Join(", ", e.Offerings));
            }
        }

        // Karpenter's answer to a stock-out too: drop the claim; its pods are planned again
        // without the offerings that just failed.
        await TerminateAsync(claim, null, "insufficient_capacity", string.Join("; ", tried), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<NodeClaimResource> RecordLaunchAsync(NodeClaimResource claim, CloudInstance instance, string imageId, NodePool pool, EcsNodeClass nodeClass, PassContext context, CancellationToken cancellationToken)
    {
        var type = context.Type(instance.InstanceType);
        var labels = type is null
            ? new Dictionary<string, string> { [WellKnownLabels.NodePool] = pool.Name, [WellKnownLabels.InstanceType] = instance.InstanceType, [WellKnownLabels.Zone] = instance.Zone, [WellKnownLabels.CapacityType] = instance.CapacityType.ToLabelValue() }
            : NodeLabels.For(pool, type, instance.Zone, instance.CapacityType);
        var diskBytes = (nodeClass.SystemDisk?.SizeGiB ?? 20) * 1024L * 1024 * 1024;
        // What the solver planned this claim with: its node class's kubelet settings decide the allocatable.
        var reservation = _settings.Solver.Reservation.WithKubelet(nodeClass.Kubelet);
        ResourceAmounts? capacity = type is null ? null : reservation.Capacity(type, diskBytes);
        ResourceAmounts? allocatable = type is null ? null : reservation.Allocatable(type, diskBytes);
        await _claims.PatchLabelsAsync(claim.Name, labels, cancellationToken).ConfigureAwait(false);
        var launched = claim with { ProviderId = instance.ProviderId, Labels = labels, Capacity = capacity, Allocatable = allocatable };
        await PatchConditionsAsync(launched, NodeClaimJson.Status(instance.ProviderId, null, imageId, capacity, allocatable, []), context.Now, cancellationToken,
            (NodeClaimCondition.Launched, "True", "Launched", $"instance {instance.InstanceId} ({instance.InstanceType}, {instance.Zone}, {instance.CapacityType.ToLabelValue()})"),
            (NodeClaimCondition.Registered, "Unknown", "AwaitingRegistration", "waiting for the node to join"),
            (NodeClaimCondition.Initialized, "Unknown", "AwaitingRegistration", "waiting for the node to join"),
            (NodeClaimCondition.Ready, "Unknown", "AwaitingRegistration", "waiting for the node to join")).ConfigureAwait(false);
        _recentWrites.Record(launched, context.Now); // written: until the cache shows it, this is the claim
        _metrics.Launched(instance.InstanceType, instance.CapacityType.ToLabelValue());
        await _events.NormalAsync(claim.Name, "Launched", $"Launched {instance.InstanceId} as {instance.InstanceType} in {instance.Zone} ({instance.CapacityType.ToLabelValue()})", cancellationToken).ConfigureAwait(false);
        LogLaunched(claim.Name, instance.InstanceId, instance.InstanceType, instance.Zone, instance.CapacityType.ToLabelValue());
        return launched;
    }

    /// <summary>The Node joined: it gets the claim's labels (instance type, zone, capacity type, pool, …) and the claim its node name.</summary>
    private async Task RegisterAsync(NodeClaimResource claim, V1Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var missing = claim.Labels.Where(l => node.Metadata.Labels?.TryGetValue(l.Key, out var v) != true || v != l.Value).ToDictionary(l => l.Key, l => l.Value);
        if (missing.Count > 0)
        {
            await _client.CoreV1.PatchNodeAsync(NodeClaimStore.MergePatch(NodeClaimStore.LabelsPatch(missing)), node.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await PatchConditionsAsync(claim, NodeClaimJson.Status(null, node.Metadata.Name, null, null, null, []), now, cancellationToken,
            (NodeClaimCondition.Registered, "True", "Registered", $"node {node.Metadata.Name} joined")).ConfigureAwait(false);
        _metrics.ClaimRegistered();
        _registrations?.Record(claim.Spec.NodePool, new RegistrationOutcome(claim.Name, Registered: true, $"node {node.Metadata.Name} joined", now));
        await _events.NormalAsync(claim.Name, "Registered", $"Node {node.Metadata.Name} joined", cancellationToken).ConfigureAwait(false);
        LogRegistered(claim.Name, node.Metadata.Name);
    }

    /// <summary>Gives a claim up: releases its instance, then deletes it (our finalizer goes last), and asks for a new plan for its pods.</summary>
    private async Task TerminateAsync(NodeClaimResource claim, CloudInstance? instance, string reason, string message, CancellationToken cancellationToken)
    {
        _metrics.ClaimFailed(claim.Spec.NodePool, reason);
        if (reason == "registration_timeout")
        {
            _registrations?.Record(claim.Spec.NodePool, new RegistrationOutcome(claim.Name, Registered: false, message, _time.GetUtcNow()));
        }

        LogTerminating(claim.Name, reason, message);
        await _events.WarningAsync(claim.Name, EventReason(reason), message, cancellationToken).ConfigureAwait(false);
        if (instance is not null)
        {
            await _cloud.DeleteAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
        }

        await _claims.DeleteAsync(claim.Name, cancellationToken).ConfigureAwait(false);
        await _claims.RemoveFinalizerAsync(claim, cancellationToken).ConfigureAwait(false);
        _recentWrites.Gone(claim.Name, _time.GetUtcNow());
        _batch.RequestReplan();
    }

    // insufficient_capacity -> InsufficientCapacity: Events carry CamelCase reasons.
    private static string EventReason(string reason) =>
        string.Concat(reason.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>Someone deleted the claim (or a termination was interrupted): release the instance and the Node, then let it go.</summary>
    private async Task FinalizeAsync(NodeClaimResource claim, CloudInstance? instance, V1Node? node, CancellationToken cancellationToken)
    {
        if (instance is not null)
        {
            await _cloud.DeleteAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
        }

        if (node is not null)
        {
            try
            {
                await _client.CoreV1.DeleteNodeAsync(node.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        await _claims.RemoveFinalizerAsync(claim, cancellationToken).ConfigureAwait(false);
        _recentWrites.Gone(claim.Name, _time.GetUtcNow());
        LogFinalized(claim.Name, instance?.InstanceId ?? "none");
        _batch.RequestReplan();
    }

    /// <summary>Writes the claim's conditions with these set (a changed status moves lastTransitionTime), plus any other status fields given.</summary>
    private Task PatchConditionsAsync(NodeClaimResource claim, System.Text.Json.Nodes.JsonObject? status, DateTimeOffset now, CancellationToken cancellationToken,
        params (string Type, string Status, string Reason, string Message)[] changes)
    {
        var conditions = claim.Conditions.ToDictionary(c => c.Type, StringComparer.Ordinal);
        foreach (var (type, value, reason, message) in changes)
        {
            var since = conditions.TryGetValue(type, out var old) && old.Status == value ? old.LastTransitionTime : now;
            conditions[type] = new NodeClaimCondition(type, value, reason, message, since);
        }

        status ??= NodeClaimJson.Status(null, null, null, null, null, []);
        status["conditions"] = NodeClaimJson.Status(null, null, null, null, null, conditions.Values.OrderBy(c => c.Type, StringComparer.Ordinal))["conditions"]!.DeepClone();
        return _claims.PatchStatusAsync(claim.Name, status, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: launched {InstanceId} as {InstanceType} in {Zone} ({CapacityType})")]
    private partial void LogLaunched(string name, string instanceId, string instanceType, string zone, string capacityType);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: no {CapacityType} stock for {Offerings}")]
    private partial void LogNoStock(string name, string capacityType, string offerings);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: node {Node} registered")]
    private partial void LogRegistered(string name, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: node {Node} initialized")]
    private partial void LogInitialized(string name, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: terminating ({Reason}): {Message}")]
    private partial void LogTerminating(string name, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: finalized (instance {InstanceId} released)")]
    private partial void LogFinalized(string name, string instanceId);
}
