using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// An instance as the cloud reports it.
/// </summary>
/// <param name="InstanceId">The ECS instance ID (<c>i-…</c>).</param>
/// <param name="ProviderId">The Kubernetes node's providerID: <c>&lt;region&gt;.&lt;instance-id&gt;</c>.</param>
/// <param name="InstanceType">The ECS instance type.</param>
/// <param name="Zone">The zone it runs in.</param>
/// <param name="CapacityType">Spot or on-demand.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="Tags">Its tags (see <see cref="InstanceTags"/>).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ReclaimPending">True when the cloud has announced it will reclaim (release) the
/// instance: a spot instance with an OperationLocks entry whose LockReason is <c>Recycling</c>.</param>
public sealed record CloudInstance(
    string InstanceId,
    string ProviderId,
    string InstanceType,
    string Zone,
    CapacityType CapacityType,
    CloudInstanceState State,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    bool ReclaimPending)
{
    /// <summary>The node claim tag, or null for an instance we did not launch for a claim.</summary>
    public string? NodeClaim => Tags.GetValueOrDefault(InstanceTags.NodeClaim);
}
