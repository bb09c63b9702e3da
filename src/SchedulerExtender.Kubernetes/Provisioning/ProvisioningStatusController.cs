using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Writes the status of the cluster's NodePools and ECSNodeClasses (what <c>kubectl get nodepools</c>
/// and <c>kubectl get ecsnodeclasses</c> show), leader only, beside the provisioner: each class's
/// resolution and Ready condition, then each pool's resources, node count and conditions. An object
/// is patched only when its status would change (see <see cref="ProvisioningStatusJson.StatusPatch"/>);
/// a failed write is logged and tried again next pass, and never touches provisioning.
/// </summary>
public sealed partial class ProvisioningStatusController(
    IKubernetes client,
    ClusterProvisioningConfig cluster,
    NodeClaimCache claimCache,
    INodeClassResolver nodeClasses,
    TimeSpan interval,
    TimeProvider time,
    ILogger<ProvisioningStatusController> logger,
    NodeRegistrationHistory? registrations = null)
{
    private static readonly Kind NodePools = new("karpenter.sh", "v1", "nodepools", NodePoolReader.Kind);
    private static readonly Kind NodeClasses = new("karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses", EcsNodeClassReader.Kind);

    private readonly ILogger _logger = logger;

    // plural/name → the resourceVersion an object had when its status was patched. Until the watch
    // delivers a newer version the cache still holds the status that was replaced, and comparing
    // with it would write the same status again.
    private readonly Dictionary<string, string?> _patchedOver = new(StringComparer.Ordinal);

    // Pool name → the generations of the pool and of its node class seen last pass: a change of
    // either forgets the pool's registration outcomes (the fix for nodes that do not join is most
    // often in the class: security groups, image, user data).
    private readonly Dictionary<string, (long? Pool, long? NodeClass)> _generations = new(StringComparer.Ordinal);

    /// <summary>Writes status every <c>interval</c> until cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Before the first list a pool would show no nodes at all.
        await claimCache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileLoop.RunAsync(ReconcileOnceAsync, interval, time, LogPassFailed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One pass; returns how many status writes it made (0 when nothing changed).</summary>
    public async Task<int> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var (pools, classes) = await cluster.ObjectsAsync(cancellationToken).ConfigureAwait(false);
        var claims = claimCache.Claims;
        var now = time.GetUtcNow();
        var writes = 0;
        var classReady = new Dictionary<string, StatusCondition>(StringComparer.Ordinal);
        var classGenerations = classes.ToDictionary(c => c.Metadata.Name, c => c.Metadata.Generation, StringComparer.Ordinal);
        foreach (var resource in classes.OrderBy(c => c.Metadata.Name, StringComparer.Ordinal))
        {
            var json = Json(resource);
            var status = await NodeClassStatusAsync(json, resource.Metadata.Generation, now, cancellationToken).ConfigureAwait(false);
            classReady[resource.Metadata.Name] = status.ReadyCondition;
            writes += await WriteAsync(NodeClasses, resource, json, ProvisioningStatusJson.EcsNodeClass(status), cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        foreach (var resource in pools.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var json = Json(resource);
            var name = resource.Metadata.Name;
            var (errors, nodeClassName) = Validate(json);
            var previous = ProvisioningStatusJson.ReadConditions(json["status"]);
            var classGeneration = classGenerations.GetValueOrDefault(nodeClassName);
            var status = NodePoolStatus.Desired(
                errors,
                nodeClassName,
                classReady.GetValueOrDefault(nodeClassName),
                NodePoolUsage.InUse(name, claims),
                claims.Count(c => c.Spec.NodePool == name),
                resource.Metadata.Generation,
                previous,
                now,
                RegistrationCondition(name, (resource.Metadata.Generation, classGeneration), json["status"], previous, now)) with
            {
                NodeClassObservedGeneration = classGeneration,
            };
            writes += await WriteAsync(NodePools, resource, json, ProvisioningStatusJson.NodePool(status), cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return writes;
    }

    private StatusCondition? RegistrationCondition(string pool, (long? Pool, long? NodeClass) generations, JsonNode? status, IReadOnlyList<StatusCondition> previous, DateTimeOffset now)
    {
        if (registrations is null)
        {
            return null;
        }

        var current = previous.FirstOrDefault(c => c.Type == NodeRegistrationHealth.Type);
        // Seen last pass, or else (the first pass of this leader) as the written status says: a
        // class changed while no replica was writing is noticed too. A pool change shows in the
        // condition's own observedGeneration.
        var changed = _generations.TryGetValue(pool, out var seen)
            ? seen != generations
            : ProvisioningStatusJson.ReadNodeClassObservedGeneration(status) is { } written && written != generations.NodeClass;
        if (changed)
        {
            // What failed before says nothing about what launches now.
            registrations.Clear(pool);
            current = null;
        }

        _generations[pool] = generations;
        return NodeRegistrationHealth.Desired(current, registrations.Of(pool), generations.Pool, now);
    }

    private async Task<EcsNodeClassStatus> NodeClassStatusAsync(JsonObject json, long? generation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = ProvisioningStatusJson.ReadConditions(json["status"]);
        var read = EcsNodeClassReader.Read(json);
        if (!read.IsValid)
        {
            return EcsNodeClassStatus.Unresolved(string.Join("; ", read.Errors), definite: true, generation, previous, now);
        }

        try
        {
            var settings = await nodeClasses.ResolveAsync(read.Value!, cancellationToken).ConfigureAwait(false);
            return EcsNodeClassStatus.Resolved(settings, generation, previous, now);
        }
        catch (InvalidOperationException e)
        {
            // The resolver's definite answer (selectors invalid or matching nothing). Cloud error
            // messages are redacted by the OpenAPI transport, so they carry no secret.
            return EcsNodeClassStatus.Unresolved(e.Message, definite: true, generation, previous, now);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            return EcsNodeClassStatus.Unresolved(e.Message, definite: false, generation, previous, now);
        }
    }

    /// <summary>The pool's own errors (the provisioner's reader, and its nodeClassRef's group and kind) and the class it names.</summary>
    private static (IReadOnlyList<string> Errors, string NodeClassName) Validate(JsonObject json)
    {
        var read = NodePoolReader.Read(json);
        var errors = read.Errors.Select(e => e.ToString()).ToList();
        if (read.Value is { } pool && read.IsValid)
        {
            if (pool.NodeClassRef.Kind != EcsNodeClassReader.Kind || pool.NodeClassRef.Group != NodeClasses.Group)
            {
                errors.Add($"spec.template.spec.nodeClassRef: must reference group {NodeClasses.Group}, kind {EcsNodeClassReader.Kind}");
            }

            return (errors, pool.NodeClassRef.Name);
        }

        // An invalid pool still names its class when it can be read, so NodeClassReady says something useful.
        return (errors, Core.Json.JsonStrings.AsString(json["spec"]?["template"]?["spec"]?["nodeClassRef"]?["name"]) ?? "");
    }

    private async Task<bool> WriteAsync(Kind kind, CustomResource resource, JsonObject json, JsonObject desired, CancellationToken cancellationToken)
    {
        var name = resource.Metadata.Name;
        var key = $"{kind.Plural}/{name}";
        if (_patchedOver.Remove(key, out var patchedOver) && patchedOver == resource.Metadata.ResourceVersion)
        {
            _patchedOver[key] = patchedOver; // our last write is not in the cache yet
            return false;
        }

        if (ProvisioningStatusJson.StatusPatch(json["status"], desired) is not { } patch)
        {
            return false;
        }

        try
        {
            await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                NodeClaimStore.MergePatch(new JsonObject { ["status"] = patch }), kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            LogWriteFailed(kind.Name, name, e.Message);
            return false;
        }

        _patchedOver[key] = resource.Metadata.ResourceVersion;
        var before = ProvisioningStatusJson.ReadConditions(json["status"]);
        foreach (var after in ProvisioningStatusJson.ReadConditions(desired).Where(c => c.Type is NodePoolStatus.Ready or NodeRegistrationHealth.Type))
        {
            if (before.FirstOrDefault(c => c.Type == after.Type)?.Status == after.Status)
            {
                continue;
            }

            if (after.Type == NodeRegistrationHealth.Type && after.Status == StatusCondition.False)
            {
                LogNodesDoNotJoin(name, after.Message);
            }
            else
            {
                LogConditionChanged(kind.Name, name, after.Type, after.Status, after.Message);
            }
        }

        return true;
    }

    private static JsonObject Json(CustomResource resource) =>
        JsonNode.Parse(KubernetesJson.Serialize(resource)) as JsonObject ?? throw new FormatException($"{resource.Metadata.Name} is not an object.");

    private sealed record Kind(string Group, string Version, string Plural, string Name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Name} {Condition}={Status} {Message}")]
    private partial void LogConditionChanged(string kind, string name, string condition, string status, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodePool {Name} NodeRegistrationHealthy=False: its nodes do not join the cluster (check the ECSNodeClass's security groups, vSwitches, image and user data): {Message}")]
    private partial void LogNodesDoNotJoin(string name, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Name}: status write failed, retrying next pass: {Reason}")]
    private partial void LogWriteFailed(string kind, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodePool/ECSNodeClass status pass failed; retrying at the next tick")]
    private partial void LogPassFailed(Exception exception);
}
