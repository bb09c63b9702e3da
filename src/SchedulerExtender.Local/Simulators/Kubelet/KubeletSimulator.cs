using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>
/// The kubelets of every emulated ECS instance. It reads instances through the emulator's
/// in-process control surface (<see cref="EcsEmulator.ListInstances"/>: no AccessKey, no signing —
/// a kubelet learns about its machine from the machine, not from the ECS API) and speaks to
/// Kubernetes only through KubernetesClient, as a real kubelet does. Each pass:
/// an instance Running for <see cref="KubeletSimulatorOptions.BootDelay"/> registers its Node;
/// a Node whose instance is gone (released, reclaimed) is deleted and its pods fail;
/// startup taints go once the node has been Ready long enough; pods bound to its nodes start;
/// pods whose workload reported an exit finish; terminating pods are removed when their workload
/// exited or their grace period is over.
/// </summary>
public sealed class KubeletSimulator : IPodExitReporter
{
    private readonly IKubernetes _client;
    private readonly EcsEmulator _emulator;
    private readonly KubeletSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, int> _exits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _registeredAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _cannotStart = new(StringComparer.Ordinal);

    public KubeletSimulator(IKubernetes client, EcsEmulator emulator, KubeletSimulatorOptions? options = null, TimeProvider? time = null, ILogger<KubeletSimulator>? logger = null)
    {
        _client = client;
        _emulator = emulator;
        _options = options ?? new KubeletSimulatorOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<KubeletSimulator>.Instance;
    }

    public Task RunAsync(CancellationToken stopping) =>
        ReconcileLoop.RunAsync("kubelet", _client, ReconcileOnceAsync, _options.Interval, _time, _logger, stopping);

    /// <inheritdoc />
    public void ReportExit(string podUid, int exitCode) => _exits[podUid] = exitCode;

    /// <summary>When the instance reached Running, as the emulator's clock has it.</summary>
    public DateTimeOffset RunningSince(EmulatedInstance instance) =>
        instance.CreatedAt + _emulator.Options.PendingDuration + _emulator.Options.StartingDuration;

    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // Exits reported before the pod list; only those can be forgotten when their pod is not in it.
        var reported = _exits.Keys.ToList();
        var instances = _emulator.ListInstances();
        var instanceIds = instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var nodes = (await _client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var owned = nodes.Where(n => n.Metadata.Annotations?.ContainsKey(NodeRegistration.OwnerAnnotation) == true).ToList();
        var live = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        foreach (var node in owned)
        {
            if (ProviderIds.TryParse(node.Spec?.ProviderID, out _, out var instanceId) && instanceIds.Contains(instanceId))
            {
                live[node.Metadata.Name] = node;
            }
            else
            {
                await LoseNodeAsync(node, pods, now, cancellationToken).ConfigureAwait(false);
            }
        }

        var taken = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in instances.Where(i => i.StatusAt(now, _emulator.Options) == "Running" && now >= RunningSince(i) + _options.BootDelay))
        {
            if (!taken.Contains(NodeRegistration.NodeNameOf(instance)) && await RegisterAsync(instance, now, cancellationToken).ConfigureAwait(false) is { } node)
            {
                live[node.Metadata.Name] = node;
            }
        }

        foreach (var node in live.Values)
        {
            await RemoveStartupTaintsAsync(node, now, cancellationToken).ConfigureAwait(false);
        }

        foreach (var pod in pods.Where(p => p.Spec?.NodeName is { } name && live.ContainsKey(name)))
        {
            await SyncPodAsync(pod, live[pod.Spec.NodeName], now, cancellationToken).ConfigureAwait(false);
        }

        var uids = pods.Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in reported.Where(uid => !uids.Contains(uid)))
        {
            _exits.TryRemove(gone, out _);
        }
    }

    private async Task<V1Node?> RegisterAsync(EmulatedInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_cannotStart.ContainsKey(instance.InstanceId))
        {
            return null;
        }

        var type = _emulator.Options.Catalog.FindType(instance.RegionId, instance.InstanceType);
        if (type is null)
        {
            _cannotStart[instance.InstanceId] = true;
            _logger.LogWarning("Instance {Instance}: type {Type} is not in the catalogue; no node registers", instance.InstanceId, instance.InstanceType);
            return null;
        }

        NodeBootstrap bootstrap;
        try
        {
            bootstrap = UserDataReader.Read(instance.UserData);
        }
        catch (FormatException e)
        {
            // A real kubelet with a bad --node-labels flag never starts: no node (and one warning, not one per pass).
            _cannotStart[instance.InstanceId] = true;
            _logger.LogWarning("Instance {Instance}: bad user data, the kubelet does not start: {Error}", instance.InstanceId, e.Message);
            return null;
        }

        var node = NodeRegistration.Build(instance, type, bootstrap, _options, now);
        try
        {
            var created = await _client.CoreV1.CreateNodeAsync(node, cancellationToken: cancellationToken).ConfigureAwait(false);
            _registeredAt[created.Metadata.Name] = now;
            _logger.LogInformation("Node {Node} registered ({Type}, {Zone}, {Capacity})", created.Metadata.Name, instance.InstanceType, instance.ZoneId, instance.CapacityType);
            return created;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    private async Task LoseNodeAsync(V1Node node, IEnumerable<V1Pod> pods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.Where(p => p.Spec?.NodeName == node.Metadata.Name))
        {
            if (KubeJson.IsTerminating(pod))
            {
                await DeleteNowAsync(pod, cancellationToken).ConfigureAwait(false);
            }
            else if (!KubeJson.IsTerminal(pod))
            {
                await PatchStatusAsync(pod, PodStatuses.NodeLost(pod, now), cancellationToken).ConfigureAwait(false);
            }
        }

        await IgnoreNotFound(_client.CoreV1.DeleteNodeAsync(node.Metadata.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
        _registeredAt.TryRemove(node.Metadata.Name, out _);
        _logger.LogInformation("Node {Node} is gone with its instance ({ProviderId})", node.Metadata.Name, node.Spec?.ProviderID);
    }

    private async Task RemoveStartupTaintsAsync(V1Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var taints = node.Spec?.Taints ?? [];
        if (_options.StartupTaintKeys.Count == 0 || !taints.Any(t => _options.StartupTaintKeys.Contains(t.Key)))
        {
            return;
        }

        var registered = _registeredAt.GetOrAdd(node.Metadata.Name, _ => node.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(created, TimeSpan.Zero) : now);
        if (now < registered + _options.StartupTaintRemovalDelay)
        {
            return;
        }

        var kept = taints.Where(t => !_options.StartupTaintKeys.Contains(t.Key)).ToList();
        var patch = new V1Patch(KubernetesJson.Serialize(new { spec = new { taints = kept } }), V1Patch.PatchType.MergePatch);
        await IgnoreNotFound(_client.CoreV1.PatchNodeAsync(patch, node.Metadata.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task SyncPodAsync(V1Pod pod, V1Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var exited = _exits.TryGetValue(pod.Metadata.Uid, out var exitCode);
        if (KubeJson.IsTerminating(pod))
        {
            // SIGTERM went out when deletion began; the pod goes when its process exits or, at the latest, at the grace deadline (SIGKILL).
            var deadline = pod.Metadata.DeletionTimestamp is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : now;
            if (exited || now >= deadline || KubeJson.IsTerminal(pod) || pod.Status?.Phase is null or "Pending")
            {
                await DeleteNowAsync(pod, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (KubeJson.IsTerminal(pod))
        {
            return;
        }
        else if (exited)
        {
            await PatchStatusAsync(pod, PodStatuses.Finished(pod, exitCode, now), cancellationToken).ConfigureAwait(false);
        }
        else if (pod.Status?.Phase is null or "Pending")
        {
            var hostIp = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? "";
            await PatchStatusAsync(pod, PodStatuses.Running(pod, hostIp, now), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PatchStatusAsync(V1Pod pod, V1PodStatus status, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
        await IgnoreNotFound(_client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private Task DeleteNowAsync(V1Pod pod, CancellationToken cancellationToken) =>
        IgnoreNotFound(_client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
            new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken));

    private static async Task IgnoreNotFound(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: the outcome we wanted.
        }
    }
}
