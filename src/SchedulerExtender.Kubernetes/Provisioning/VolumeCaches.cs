using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// PersistentVolumeClaims, PersistentVolumes and StorageClasses, list+watched (RBAC get/list/watch
/// on each), as <see cref="IVolumeObjects"/> for <see cref="VolumeTopology"/>: where a pending
/// pod's volumes let its node be. Objects are read into Core's shapes only when looked up, so the
/// caches cost nothing per pass for pods without claims.
/// </summary>
public sealed class VolumeCaches : IVolumeObjects, IAsyncDisposable
{
    private readonly ListWatchCache<V1PersistentVolumeClaim> _claims;
    private readonly ListWatchCache<V1PersistentVolume> _volumes;
    private readonly ListWatchCache<V1StorageClass> _storageClasses;

    public VolumeCaches(IKubernetes client, ILoggerFactory? logging = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _claims = new ListWatchCache<V1PersistentVolumeClaim>(KubeListWatchSources.PersistentVolumeClaims(client), logger: logging?.CreateLogger("SchedulerExtender.Provisioner.PersistentVolumeClaimCache"), timeProvider: time);
        _volumes = new ListWatchCache<V1PersistentVolume>(KubeListWatchSources.PersistentVolumes(client), logger: logging?.CreateLogger("SchedulerExtender.Provisioner.PersistentVolumeCache"), timeProvider: time);
        _storageClasses = new ListWatchCache<V1StorageClass>(KubeListWatchSources.StorageClasses(client), logger: logging?.CreateLogger("SchedulerExtender.Provisioner.StorageClassCache"), timeProvider: time);
    }

    public bool HasSynced => _claims.HasSynced && _volumes.HasSynced && _storageClasses.HasSynced;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _claims.StartAsync(cancellationToken).ConfigureAwait(false);
        await _volumes.StartAsync(cancellationToken).ConfigureAwait(false);
        await _storageClasses.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _claims.WaitForSyncAsync(cancellationToken),
        _volumes.WaitForSyncAsync(cancellationToken),
        _storageClasses.WaitForSyncAsync(cancellationToken));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _storageClasses.StopAsync(cancellationToken).ConfigureAwait(false);
        await _volumes.StopAsync(cancellationToken).ConfigureAwait(false);
        await _claims.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _storageClasses.DisposeAsync().ConfigureAwait(false);
        await _volumes.DisposeAsync().ConfigureAwait(false);
        await _claims.DisposeAsync().ConfigureAwait(false);
    }

    public VolumeClaimObservation? Claim(string ns, string name) =>
        _claims.Get($"{ns}/{name}") is { } claim
            ? new VolumeClaimObservation(ns, name, claim.Spec?.VolumeName, claim.Spec?.StorageClassName, claim.Metadata?.DeletionTimestamp is not null)
            : null;

    public PersistentVolumeObservation? Volume(string name) =>
        _volumes.Get(name) is { } volume
            ? new PersistentVolumeObservation(name, [.. (volume.Spec?.NodeAffinity?.Required?.NodeSelectorTerms ?? []).Select(Term)])
            : null;

    public StorageClassObservation? StorageClass(string name) =>
        _storageClasses.Get(name) is { } storageClass
            ? new StorageClassObservation(
                name,
                storageClass.VolumeBindingMode == "WaitForFirstConsumer",
                [.. (storageClass.AllowedTopologies ?? []).Select(t => (IReadOnlyList<NodeSelectorRequirement>)[.. (t.MatchLabelExpressions ?? []).Select(e => new NodeSelectorRequirement(e.Key, RequirementOperator.In, [.. e.Values ?? []]))])])
            : null;

    // matchFields (metadata.name) names an existing node: keyed "field:" as PendingPodReader does.
    private static IReadOnlyList<NodeSelectorRequirement> Term(V1NodeSelectorTerm term) =>
    [
        .. (term.MatchExpressions ?? []).Select(e => Requirement(e.Key, e)),
        .. (term.MatchFields ?? []).Select(e => Requirement($"field:{e.Key}", e)),
    ];

    // The API server validates operators; one not understood rules its term out (In nothing)
    // rather than widening it.
    private static NodeSelectorRequirement Requirement(string key, V1NodeSelectorRequirement e) =>
        Enum.TryParse<RequirementOperator>(e.OperatorProperty, out var op) && Enum.IsDefined(op)
            ? new NodeSelectorRequirement(key, op, [.. e.Values ?? []])
            : new NodeSelectorRequirement(key, RequirementOperator.In, []);
}
