using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// A <c>karpenter.sh/v1</c> NodeClaim as the provisioner reads it: what it asks for
/// (<see cref="Spec"/>, from spec.requirements and spec.resources), its labels (instance type,
/// capacity type, zone, node pool: the columns of <c>kubectl get nodeclaims</c>) and its status.
/// </summary>
public sealed record NodeClaimResource(
    string Name,
    DateTimeOffset CreatedAt,
    bool Deleting,
    IReadOnlyList<string> Finalizers,
    IReadOnlyDictionary<string, string> Labels,
    NodeClassReference NodeClassRef,
    NodeClaimSpec Spec,
    IReadOnlyList<Taint> Taints,
    IReadOnlyList<Taint> StartupTaints,
    string? ProviderId,
    string? NodeName,
    ResourceAmounts? Capacity,
    ResourceAmounts? Allocatable,
    IReadOnlyList<NodeClaimCondition> Conditions)
{
    /// <summary>Ours: the claim is not removed before its instance is released.</summary>
    public const string TerminationFinalizer = "karpenter.sh/termination";

    /// <summary><see cref="NodeDrift.PoolHash"/> of the pool at launch (Karpenter's name): drift is judged against it.</summary>
    public const string PoolHashAnnotation = "karpenter.sh/nodepool-hash";

    /// <summary><see cref="NodeDrift.NodeClassHash"/> of the ECSNodeClass at launch (the Alibaba Cloud provider's name).</summary>
    public const string NodeClassHashAnnotation = "karpenter.k8s.alibabacloud/ecsnodeclass-hash";

    /// <summary><see cref="NodeDrift.PoolHashVersion"/> that computed <see cref="PoolHashAnnotation"/> (Karpenter's name).</summary>
    public const string PoolHashVersionAnnotation = "karpenter.sh/nodepool-hash-version";

    /// <summary><see cref="NodeDrift.NodeClassHashVersion"/> that computed <see cref="NodeClassHashAnnotation"/>.</summary>
    public const string NodeClassHashVersionAnnotation = "karpenter.k8s.alibabacloud/ecsnodeclass-hash-version";

    /// <summary>metadata.annotations; empty when the claim has none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// spec.terminationGracePeriod: the pool's drain deadline, copied onto the claim at launch as
    /// Karpenter v1 does. Null when the claim has none or it cannot be read
    /// (<see cref="UnreadableTerminationGracePeriod"/>).
    /// </summary>
    public TimeSpan? TerminationGracePeriod { get; init; }

    /// <summary>
    /// spec.terminationGracePeriod when it is set but is not a Go duration (Karpenter's CRD
    /// rejects such a value, so only a hand-made claim has one); it counts as absent.
    /// </summary>
    public string? UnreadableTerminationGracePeriod { get; init; }

    public bool IsTrue(string conditionType) => Conditions.Any(c => c.Type == conditionType && c.IsTrue);

    public NodeClaimObservation Observe() =>
        new(Name, CreatedAt, ProviderId, IsTrue(NodeClaimCondition.Registered), IsTrue(NodeClaimCondition.Initialized), Deleting,
            Conditions.FirstOrDefault(c => c.Type == NodeClaimCondition.Launched && c.IsTrue)?.LastTransitionTime);
}
