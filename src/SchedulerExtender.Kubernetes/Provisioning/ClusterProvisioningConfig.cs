using System.Globalization;
using k8s;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The NodePools (<c>karpenter.sh/v1</c>) and ECSNodeClasses (<c>karpenter.k8s.alibabacloud/v1alpha1</c>)
/// of the cluster, watched (list + watch, as every cache here) into a <see cref="ProvisioningConfigSource"/>:
/// an edit takes effect on the next pass; an invalid set is rejected with its errors, once, and the
/// previous valid one stays in force. Unchanged objects (status writes included) are not re-validated on every pass.
/// </summary>
public sealed class ClusterProvisioningConfig : IAsyncDisposable
{
    private readonly ProvisioningConfigSource _source;
    private readonly (string Plural, ListWatchCache<CustomResource> Cache)[] _kinds;
    private readonly Lock _gate = new();
    private string? _applied;

    public ClusterProvisioningConfig(IKubernetes client, ProvisioningConfigSource source, ListWatchCacheOptions? options = null, ILogger? logger = null)
    {
        _source = source;
        _kinds = [.. new[] { ("karpenter.sh", "v1", "nodepools"), ("karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses") }
            .Select(k => (k.Item3, new ListWatchCache<CustomResource>(KubeListWatchSources.ClusterCustomObjects(client, k.Item1, k.Item2, k.Item3), options, logger)))];
    }

    /// <summary>
    /// The configuration in force, after applying what changed in the cluster since the last call;
    /// the errors of a rejected change are returned once (the call that saw it), not on every pass.
    /// The first call starts the watches and waits for their first list.
    /// </summary>
    public async Task<(ProvisioningConfig Config, IReadOnlyList<ConfigError> Errors)> RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, cache) in _kinds)
        {
            await cache.StartAsync(cancellationToken).ConfigureAwait(false);
            await cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        }

        var objects = _kinds
            .SelectMany(k => k.Cache.Items.Values.Select(o => (Source: $"{k.Plural}/{o.Metadata.Name}", Object: o)))
            .OrderBy(o => o.Source, StringComparer.Ordinal)
            .ToList();
        // Names, uids and generations identify the set: anything whose spec is edited, added, deleted
        // or re-created changes it. Not resourceVersions: the leader's own status writes
        // (ProvisioningStatusController) bump those and would re-read, and re-report, an unchanged set.
        var version = string.Join(',', objects.Select(o => $"{o.Source}@{o.Object.Metadata.Uid}/{(o.Object.Metadata.Generation is { } g ? g.ToString(CultureInfo.InvariantCulture) : "rv" + o.Object.Metadata.ResourceVersion)}"));
        lock (_gate) // the provisioning and disruption controllers both refresh; a change is applied and reported once
        {
            if (version == _applied)
            {
                return (_source.Current, []);
            }

            _applied = version;
            // JSON is YAML: the file reader validates objects from the cluster the same way.
            var errors = _source.Load([.. objects.Select(o => (o.Source, KubernetesJson.Serialize(o.Object)))]);
            return (_source.Current, errors);
        }
    }

    /// <summary>
    /// The NodePool and ECSNodeClass objects as watched now, status included (the status writer
    /// compares with it). Starts the watches like <see cref="RefreshAsync"/> but applies nothing and
    /// reports no errors: those stay with the caller of <see cref="RefreshAsync"/>.
    /// </summary>
    public async Task<(IReadOnlyList<CustomResource> NodePools, IReadOnlyList<CustomResource> NodeClasses)> ObjectsAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, cache) in _kinds)
        {
            await cache.StartAsync(cancellationToken).ConfigureAwait(false);
            await cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        }

        return ([.. _kinds[0].Cache.Items.Values], [.. _kinds[1].Cache.Items.Values]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, cache) in _kinds)
        {
            await cache.DisposeAsync().ConfigureAwait(false);
        }
    }
}
