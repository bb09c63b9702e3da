using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Disruption;

/// <summary>
/// Builds the disruption controller from the provisioner's own parts (caches, cloud, pool
/// configuration, no-stock memory), so that it runs under the provisioner's lease and sees the
/// same cluster. Null when <c>Disruption:Enabled</c> is false.
/// </summary>
public sealed class DisruptionControllerFactory(IOptions<DisruptionControllerOptions> options, DisruptionMetrics metrics, TimeProvider time, ILoggerFactory logging)
{
    public DisruptionController? Create(IKubernetes client, ListWatchCache<V1Pod> pods, ListWatchCache<V1Node> nodes, NodeClaimCache claims, ICloudProvider cloud,
        Func<CancellationToken, Task<ProvisioningConfig>> configuration, NoStockMemory noStock, ListWatchCache<V1DaemonSet>? daemonSets = null, UnmanagedClaims? unmanaged = null)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return null;
        }

        return new DisruptionController(client, pods, nodes, claims, cloud, configuration, SettingsFrom(o), metrics, time, logging.CreateLogger<DisruptionController>(), noStock, daemonSets, unmanaged);
    }

    /// <summary>The controller's settings from the <c>Disruption</c> section (the planner's defaults where the section has no key).</summary>
    internal static DisruptionSettings SettingsFrom(DisruptionControllerOptions o) =>
        new()
        {
            PollInterval = o.PollInterval,
            OrphanGracePeriod = o.OrphanGracePeriod,
            ReplacementTimeout = o.ReplacementTimeout,
            Planner = DisruptionOptions.Default with
            {
                ValidationDelay = o.ValidationDelay,
                ExecutorDisruption = o.ExecutorDisruption,
                SpotToSpotReplacement = o.SpotToSpotReplacement,
                ReclaimedOfferingTtl = o.ReclaimedOfferingTtl,
                AbandonedReplaceBackoff = o.AbandonedReplaceBackoff,
                AbandonedReplaceBackoffMax = o.AbandonedReplaceBackoffMax,
                RepairAfter = o.RepairAfter,
                RepairConditions = [.. o.RepairConditions.Select(c => new RepairCondition(c.Type, c.Status, c.After))],
            },
        };
}
