using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

public sealed partial class DisruptionController
{
    /// <summary>
    /// The claims left alone as not ours (<see cref="UnmanagedClaims"/>) that are to be retired
    /// (<see cref="NodeRetirement.IsRequested"/>), with the instance the lookup found for each.
    /// Only an instance seen by a lookup qualifies: a claim whose lookup had no answer this pass is
    /// left alone, so nothing is released on a guess.
    /// </summary>
    private Dictionary<string, CloudInstance> Retiring(IReadOnlyList<NodeClaimResource> claims, IReadOnlySet<string> leftAlone)
    {
        var retiring = new Dictionary<string, CloudInstance>(StringComparer.Ordinal);
        foreach (var claim in claims.Where(c => leftAlone.Contains(c.Name)))
        {
            if (_unmanaged.TryGetFound(claim, out var instance) && DisruptionSnapshotBuilder.IsRetiring(claim, foundUnmanaged: true))
            {
                retiring[claim.Name] = instance;
                if (_retirementLogged.Add(claim.Name))
                {
                    LogRetiring(claim.Name, instance.InstanceId);
                }
            }
        }

        _retirementLogged.IntersectWith(retiring.Keys);
        _releasedHere.IntersectWith(retiring.Values.Select(i => i.ProviderId));
        return retiring;
    }

    /// <summary>
    /// Our instances by claim, plus the instance of each retiring claim not yet released by this
    /// process: the termination releases it as it does ours, and garbage collection does not take
    /// the claim for one whose instance is gone. One released here is left out, so a step failing
    /// after the release (the Node, the finalizer) is retried without releasing it twice; after a
    /// restart the lookup finds it gone, and the claim is finished as one whose instance is gone.
    /// </summary>
    private Dictionary<string, CloudInstance> WithRetiringInstances(IReadOnlyDictionary<string, CloudInstance> ours, IReadOnlyDictionary<string, CloudInstance> retiring)
    {
        var all = new Dictionary<string, CloudInstance>(ours, StringComparer.Ordinal);
        foreach (var (claim, instance) in retiring.Where(r => !_releasedHere.Contains(r.Value.ProviderId)))
        {
            all.TryAdd(claim, instance);
        }

        return all;
    }

    /// <summary>
    /// A retiring claim found deleting (<see cref="ContinueTerminationsAsync"/>): its node is tainted
    /// if it is not yet (its drain starts now), then drained; true once drained.
    /// </summary>
    private async Task<bool> DrainRetiringAsync(NodeClaimResource claim, V1Node node, IReadOnlyList<V1Pod> pods, ProvisioningConfig config, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!DisruptionSnapshotBuilder.IsTainted(node))
        {
            await StartDrainAsync(claim.Name, node.Metadata.Name, now, cancellationToken).ConfigureAwait(false);
            _startedHere[node.Metadata.Name] = now;
        }

        return await DrainAsync(node.Metadata.Name, pods, await DrainDeadlineAsync(claim, config, now, cancellationToken).ConfigureAwait(false), now, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: retirement requested (schedext.io/retire); instance {InstanceId}, not launched by schedext, is replaced and terminated as a drifted node within its NodePool's budgets")]
    private partial void LogRetiring(string name, string instanceId);
}
