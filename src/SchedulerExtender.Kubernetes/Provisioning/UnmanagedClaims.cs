using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// NodeClaims whose instance schedext did not launch — in practice the claims Karpenter's Alibaba
/// Cloud provider left behind when schedext takes over its NodePools. Such a claim has a
/// providerID, but its instance lacks our <see cref="InstanceTags.ManagedBy"/> tag, so the cloud's
/// listing of our instances never shows it; without this check the provisioner took the claim for
/// one whose instance is gone and deleted it, and the disruption controller deleted it with its
/// Node (the pods on it lost). Such claims are left alone: never launched, registered, drained,
/// consolidated, repaired or collected, and their instances never released.
/// <para>
/// Only claims that would otherwise be acted on as "instance gone" are checked — launched, past
/// <see cref="NodeClaimLifecycle.InstanceListingGrace"/>, and missing from our listing — with one
/// DescribeInstances of the providerID's instance. Its answer decides: not found = really gone
/// (the usual path); found without our tag = unmanaged, remembered for the life of the process (a
/// providerID never changes, so it is asked once); found with our tag (our listing is late) or no
/// answer (a throttled call) = left alone for this pass only. Shared by the provisioner and the
/// disruption controller, like <see cref="NoStockMemory"/>.
/// </para>
/// <para>
/// The instance found is kept (<see cref="TryGetFound"/>): the disruption controller retires such
/// a claim when asked to (<c>schedext.io/retire</c>, <see cref="Core.Disruption.NodeRetirement"/>),
/// and may release only an instance it has seen.
/// </para>
/// </summary>
public sealed partial class UnmanagedClaims(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    // By providerID: the instance the lookup found, or null when the providerID could not be looked up.
    private readonly ConcurrentDictionary<string, CloudInstance?> _unmanagedByProviderId = new(StringComparer.Ordinal);

    /// <summary>How many distinct providerIDs were found unmanaged so far.</summary>
    public int Count => _unmanagedByProviderId.Count;

    /// <summary>The names of the claims not to act on in this pass (see the class summary).</summary>
    /// <param name="instancesByClaim">Our instances, by their <see cref="InstanceTags.NodeClaim"/> tag.</param>
    public async Task<IReadOnlySet<string>> FindAsync(IReadOnlyList<NodeClaimResource> claims, IReadOnlyDictionary<string, CloudInstance> instancesByClaim,
        ICloudProvider cloud, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(instancesByClaim);
        ArgumentNullException.ThrowIfNull(cloud);
        var leftAlone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (claim.ProviderId is not { } providerId || instancesByClaim.ContainsKey(claim.Name))
            {
                continue;
            }

            if (_unmanagedByProviderId.ContainsKey(providerId))
            {
                leftAlone.Add(claim.Name);
                continue;
            }

            if (claim.Observe().LaunchedAt is { } launchedAt && now - launchedAt < NodeClaimLifecycle.InstanceListingGrace)
            {
                continue; // our own launch, not listed yet: the lifecycle waits for it anyway
            }

            if (!ProviderIds.TryParse(providerId, out _, out var instanceId))
            {
                // Not an Alibaba Cloud providerID of ours: its instance cannot be found, let alone released.
                Remember(claim, providerId, "(unparsable providerID)", instance: null);
                leftAlone.Add(claim.Name);
                continue;
            }

            try
            {
                var instance = await cloud.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
                if (instance.Tags.GetValueOrDefault(InstanceTags.ManagedBy) != InstanceTags.ManagedByValue)
                {
                    Remember(claim, providerId, instanceId, instance);
                }
                else
                {
                    LogOursNotListed(claim.Name, instanceId);
                }

                leftAlone.Add(claim.Name);
            }
            catch (InstanceNotFoundException)
            {
                // Really gone: the claim goes the usual way.
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogCheckFailed(claim.Name, instanceId, e.Message);
                leftAlone.Add(claim.Name);
            }
        }

        return leftAlone;
    }

    /// <summary>
    /// The instance of a claim found unmanaged by a lookup: it exists, in our region (its
    /// providerID is the claim's), without our tag. False when the claim was not found unmanaged,
    /// or its providerID could not be looked up.
    /// </summary>
    public bool TryGetFound(NodeClaimResource claim, [NotNullWhen(true)] out CloudInstance? instance)
    {
        ArgumentNullException.ThrowIfNull(claim);
        instance = claim.ProviderId is { } providerId && _unmanagedByProviderId.TryGetValue(providerId, out var found)
            && found is not null && found.ProviderId == providerId ? found : null;
        return instance is not null;
    }

    private void Remember(NodeClaimResource claim, string providerId, string instanceId, CloudInstance? instance)
    {
        if (_unmanagedByProviderId.TryAdd(providerId, instance))
        {
            LogUnmanaged(claim.Name, instanceId, InstanceTags.ManagedBy);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: instance {InstanceId} was not launched by schedext (no {Tag} tag; e.g. Karpenter's); the claim, its node and its instance are left alone unless the claim is annotated schedext.io/retire=true")]
    private partial void LogUnmanaged(string name, string instanceId, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: instance {InstanceId} exists but our listing does not show it yet; not treated as gone this pass")]
    private partial void LogOursNotListed(string name, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: could not check instance {InstanceId} ({Reason}); left alone this pass")]
    private partial void LogCheckFailed(string name, string instanceId, string reason);
}
