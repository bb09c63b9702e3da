using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The drift hashes on a NodeClaim's annotations: written at launch, read back by the disruption
/// controller, and written again when they were computed by another version of the hash function
/// (<see cref="NodeDrift.Check"/>).
/// </summary>
public static class NodeClaimHashes
{
    /// <summary>The annotations a claim launched now carries: the pool's hash and version, and the node class's when it is known.</summary>
    public static IReadOnlyDictionary<string, string> Current(NodePool pool, EcsNodeClass? nodeClass)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [NodeClaimResource.PoolHashAnnotation] = NodeDrift.PoolHash(pool),
            [NodeClaimResource.PoolHashVersionAnnotation] = NodeDrift.PoolHashVersion,
        };
        if (nodeClass is not null)
        {
            annotations[NodeClaimResource.NodeClassHashAnnotation] = NodeDrift.NodeClassHash(nodeClass);
            annotations[NodeClaimResource.NodeClassHashVersionAnnotation] = NodeDrift.NodeClassHashVersion;
        }

        return annotations;
    }

    public static HashStamp PoolStamp(NodeClaimResource claim) => Stamp(claim, NodeClaimResource.PoolHashAnnotation, NodeClaimResource.PoolHashVersionAnnotation);

    public static HashStamp NodeClassStamp(NodeClaimResource claim) => Stamp(claim, NodeClaimResource.NodeClassHashAnnotation, NodeClaimResource.NodeClassHashVersionAnnotation);

    /// <summary>
    /// The annotations to patch so that the claim's hashes are of the current versions: for each
    /// hash stamped by another (or no) version, the current hash and version; empty when there is
    /// nothing to do. A hash never stamped is not added (such a claim is never judged by it), and
    /// a node class not known now cannot be hashed, so its stamp is left until it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Restamp(NodeClaimResource claim, NodePool pool, EcsNodeClass? nodeClass)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(pool);
        var patch = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (NodeDrift.Check(PoolStamp(claim), NodeDrift.PoolHashVersion) == HashCheck.Restamp)
        {
            patch[NodeClaimResource.PoolHashAnnotation] = NodeDrift.PoolHash(pool);
            patch[NodeClaimResource.PoolHashVersionAnnotation] = NodeDrift.PoolHashVersion;
        }

        if (nodeClass is not null && NodeDrift.Check(NodeClassStamp(claim), NodeDrift.NodeClassHashVersion) == HashCheck.Restamp)
        {
            patch[NodeClaimResource.NodeClassHashAnnotation] = NodeDrift.NodeClassHash(nodeClass);
            patch[NodeClaimResource.NodeClassHashVersionAnnotation] = NodeDrift.NodeClassHashVersion;
        }

        return patch;
    }

    private static HashStamp Stamp(NodeClaimResource claim, string hashKey, string versionKey)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new HashStamp(claim.Annotations.GetValueOrDefault(hashKey), claim.Annotations.GetValueOrDefault(versionKey));
    }
}
