using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

public sealed partial class DisruptionController
{
    /// <summary>
    /// Nothing we launched stays behind: an instance tagged for this cluster whose NodeClaim does
    /// not exist is released, and a launched claim whose instance is gone is removed with its Node.
    /// Both wait <see cref="DisruptionSettings.OrphanGracePeriod"/> so that a launch in flight (the
    /// instance exists before the claim's status says so) is never taken for an orphan. The claims
    /// come from the watch cache, which may lag: an instance is released only when a GET of its
    /// claim (a quorum read) says the claim does not exist — orphans are rare, so the GET costs
    /// nothing that matters. A launched claim whose instance is gone needs no such check: its
    /// providerId never changes, and the instance list is read now. Returns the claims still alive.
    /// </summary>
    private async Task<IReadOnlyList<NodeClaimResource>> CollectOrphansAsync(IReadOnlyList<NodeClaimResource> claims, IReadOnlyList<CloudInstance> instances,
        IReadOnlyDictionary<string, CloudInstance> instancesByClaim, IReadOnlyList<V1Node> nodes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimNames = claims.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in instances.Where(i => (i.NodeClaim is null || !claimNames.Contains(i.NodeClaim)) && i.CreatedAt + _settings.OrphanGracePeriod <= now))
        {
            try
            {
                // An unreadable claim (FormatException) exists too: it fails this collection, logged, and the instance stays.
                if (orphan.NodeClaim is not null && await _claims.GetAsync(orphan.NodeClaim, cancellationToken).ConfigureAwait(false) is not null)
                {
                    LogOrphanNotConfirmed(orphan.InstanceId, orphan.NodeClaim);
                    continue;
                }

                await _cloud.DeleteAsync(orphan.InstanceId, cancellationToken).ConfigureAwait(false);
                _metrics.OrphanCollected("instance");
                LogOrphanInstance(orphan.InstanceId, orphan.NodeClaim ?? "none");
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogCollectFailed(orphan.InstanceId, e);
            }
        }

        var alive = new List<NodeClaimResource>();
        foreach (var claim in claims)
        {
            var launchedAt = claim.Observe().LaunchedAt ?? claim.CreatedAt;
            var lost = claim.ProviderId is not null && !claim.Deleting && !instancesByClaim.ContainsKey(claim.Name) && launchedAt + _settings.OrphanGracePeriod <= now;
            if (!lost)
            {
                alive.Add(claim);
                continue;
            }

            try
            {
                var node = nodes.FirstOrDefault(n => n.Spec?.ProviderID == claim.ProviderId);
                await _claims.DeleteAsync(claim.Name, cancellationToken).ConfigureAwait(false);
                await FinishAsync(claim, null, node, cancellationToken).ConfigureAwait(false);
                _metrics.OrphanCollected("nodeclaim");
                LogOrphanClaim(claim.Name);
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogCollectFailed(claim.Name, e);
                alive.Add(claim);
            }
        }

        return alive;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orphan instance {InstanceId} (claim {Claim}) released")]
    private partial void LogOrphanInstance(string instanceId, string claim);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId}: claim {Claim} not in the cache but found in the API (the cache is behind); not an orphan")]
    private partial void LogOrphanNotConfirmed(string instanceId, string claim);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name} lost its instance; claim and node removed")]
    private partial void LogOrphanClaim(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collection of {Name} failed; retrying next pass")]
    private partial void LogCollectFailed(string name, Exception exception);
}
