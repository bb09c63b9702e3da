using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

public sealed partial class DisruptionController
{
    /// <summary>
    /// Stamps again the drift hashes computed by another version of the hash function (or before
    /// versions were stamped) with the current hash and version, as Karpenter does after an
    /// upgrade: such a node is taken to match its pool and node class as they are now, rather than
    /// every node of the cluster drifting because the hashing changed. Best effort: a failed patch
    /// is logged and tried again next pass; until then the old hash is simply not compared.
    /// </summary>
    private async Task RestampHashesAsync(IReadOnlyList<NodeClaimResource> claims, ProvisioningConfig config, CancellationToken cancellationToken)
    {
        foreach (var claim in claims.Where(c => !c.Deleting))
        {
            var pool = config.PoolNamed(claim.Spec.NodePool);
            if (pool is null)
            {
                continue;
            }

            var patch = NodeClaimHashes.Restamp(claim, pool, config.NodeClassFor(pool));
            if (patch.Count == 0)
            {
                continue;
            }

            try
            {
                await _claims.PatchAnnotationsAsync(claim.Name, patch, cancellationToken).ConfigureAwait(false);
                LogRestamped(claim.Name, string.Join(", ", patch.Select(p => $"{p.Key}={p.Value}")));
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogRestampFailed(claim.Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: drift hash of another version stamped again, not compared: {Annotations}")]
    private partial void LogRestamped(string name, string annotations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: re-stamping its drift hashes failed, trying again next pass: {Reason}")]
    private partial void LogRestampFailed(string name, string reason);
}
