using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Decides whether a node drifted from its NodePool, as Karpenter does: the pool's static
/// template (labels, taints, startup taints, node class reference) hashed at launch differs from
/// the pool's hash now, the node class hash at launch differs from the node class's now, or a
/// label the node carries no longer satisfies the pool's requirements (keys the node lacks are
/// not judged here: a newly required label changes the hash instead). The caller stores the
/// hashes and their versions on the NodeClaim at launch and sets <see cref="ClusterNode.Drifted"/>
/// from the answer. Hashes are compared only when stamped by the same version of the hash
/// function (<see cref="Check"/>): a new schedext that hashes differently must not replace every
/// node of the cluster, so a claim of another version is stamped again instead, as Karpenter does.
/// </summary>
public static class NodeDrift
{
    /// <summary>
    /// Version of <see cref="PoolHash"/>. Bump it whenever the hashed text changes (a field added,
    /// removed, reordered or encoded differently): claims stamped by the old version are then
    /// re-stamped instead of drifting.
    /// </summary>
    public const string PoolHashVersion = "v1";

    /// <summary>
    /// Version of <see cref="NodeClassHash"/>. Bump it whenever the hashed text changes, as for
    /// <see cref="PoolHashVersion"/>. v2: the kubelet configuration is hashed (v1 ignored it), so a
    /// class that set one is re-stamped on upgrade rather than replacing every node at once.
    /// </summary>
    public const string NodeClassHashVersion = "v2";

    /// <summary>
    /// Whether a stamped hash can be compared with the current one: only a hash stamped by the
    /// current version can; a hash with another or no version (a claim launched before versions
    /// were stamped) is to be re-stamped; no hash, nothing to do.
    /// </summary>
    public static HashCheck Check(HashStamp atLaunch, string currentVersion)
    {
        ArgumentNullException.ThrowIfNull(atLaunch);
        if (atLaunch.Hash is null)
        {
            return HashCheck.NoHash;
        }

        return atLaunch.Version == currentVersion ? HashCheck.Compare : HashCheck.Restamp;
    }

    /// <summary>Why the node drifted, or null when it still matches.</summary>
    /// <param name="nodeClassHashNow">Null when the node class is not known now: it is then not judged.</param>
    public static string? WhyDrifted(ClusterNode node, NodePool pool, HashStamp poolAtLaunch, HashStamp nodeClassAtLaunch, string? nodeClassHashNow)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(poolAtLaunch);
        ArgumentNullException.ThrowIfNull(nodeClassAtLaunch);
        if (Check(poolAtLaunch, PoolHashVersion) == HashCheck.Compare && poolAtLaunch.Hash != PoolHash(pool))
        {
            return $"nodepool {pool.Name} changed its template since the node was launched";
        }

        if (nodeClassHashNow is not null && Check(nodeClassAtLaunch, NodeClassHashVersion) == HashCheck.Compare && nodeClassAtLaunch.Hash != nodeClassHashNow)
        {
            return $"node class {pool.NodeClassRef.Name} changed since the node was launched";
        }

        var labels = node.EffectiveLabels();
        var violated = pool.RequirementSet().Requirements
            .FirstOrDefault(r => labels.TryGetValue(r.Key, out var value) && !r.AllowsLabel(value));
        return violated is null ? null : $"label {violated.Key}={labels[violated.Key]} no longer satisfies nodepool {pool.Name}: {violated}";
    }

    /// <summary>
    /// A stable hash of what a pool stamps on its nodes at launch (template labels, taints,
    /// startup taints, node class reference). Requirements are judged on labels instead, and
    /// disruption settings, limits and weight never make a node drift.
    /// </summary>
    public static string PoolHash(NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var text = new StringBuilder();
        foreach (var (key, value) in pool.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append("L\u0000").Append(key).Append('\u0000').Append(value).Append('\n');
        }

        foreach (var (prefix, taints) in new[] { ("T", pool.Taints), ("S", pool.StartupTaints) })
        {
            foreach (var t in taints.Select(t => $"{t.Key}\u0000{t.Value}\u0000{t.Effect}").Order(StringComparer.Ordinal))
            {
                text.Append(prefix).Append('\u0000').Append(t).Append('\n');
            }
        }

        text.Append("C\u0000").Append(pool.NodeClassRef.Group).Append('\u0000').Append(pool.NodeClassRef.Kind).Append('\u0000').Append(pool.NodeClassRef.Name);
        return Hash(text);
    }

    /// <summary>
    /// A stable hash of how a node class launches nodes (vSwitch, security group and image
    /// selector terms, system disk, tags, user data, kubelet configuration — as Karpenter's node
    /// class hash covers the kubelet settings: a node started with other ones is drifted). Term
    /// order counts (terms are tried in order); tag and map order does not. Only the hash leaves:
    /// user data never appears in it readably.
    /// </summary>
    public static string NodeClassHash(EcsNodeClass nodeClass)
    {
        ArgumentNullException.ThrowIfNull(nodeClass);
        var text = new StringBuilder();
        foreach (var (prefix, terms) in new[] { ("V", nodeClass.VSwitchSelectorTerms), ("G", nodeClass.SecurityGroupSelectorTerms) })
        {
            foreach (var term in terms)
            {
                text.Append(prefix).Append('\u0000').Append(term.Id).Append('\u0000').Append(term.Name);
                AppendSorted(text, term.Tags);
                text.Append('\n');
            }
        }

        foreach (var term in nodeClass.ImageSelectorTerms)
        {
            text.Append("I\u0000").Append(term.Alias).Append('\u0000').Append(term.Id).Append('\n');
        }

        if (nodeClass.SystemDisk is { } disk)
        {
            text.Append("D\u0000").Append(string.Join('\u0001', disk.Categories)).Append('\u0000').Append(disk.PerformanceLevel)
                .Append('\u0000').Append(disk.SizeGiB?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append('T');
        AppendSorted(text, nodeClass.Tags);
        text.Append("\nU\u0000").Append(nodeClass.UserData is null ? "-" : "+" + nodeClass.UserData);
        if (nodeClass.Kubelet is { } kubelet)
        {
            AppendKubelet(text, kubelet);
        }

        return Hash(text);
    }

    /// <summary>Every kubelet field as written, in a fixed order; maps sorted by key, clusterDNS in its order (the kubelet tries them in order).</summary>
    private static void AppendKubelet(StringBuilder text, KubeletConfiguration kubelet)
    {
        static string? Text<T>(T? value)
            where T : struct => value is null ? null : string.Format(CultureInfo.InvariantCulture, "{0}", value);

        text.Append("\nK\u0000").Append(string.Join('\u0001', kubelet.ClusterDns));
        foreach (var scalar in new[]
        {
            Text(kubelet.MaxPods), Text(kubelet.PodsPerCore), Text(kubelet.EvictionMaxPodGracePeriod),
            Text(kubelet.ImageGcHighThresholdPercent), Text(kubelet.ImageGcLowThresholdPercent), Text(kubelet.CpuCfsQuota),
        })
        {
            text.Append('\u0000').Append(scalar ?? "-");
        }

        foreach (var map in new[] { kubelet.SystemReserved, kubelet.KubeReserved, kubelet.EvictionHard, kubelet.EvictionSoft, kubelet.EvictionSoftGracePeriod })
        {
            text.Append("\nM");
            AppendSorted(text, map);
        }
    }

    private static void AppendSorted(StringBuilder text, IReadOnlyDictionary<string, string> pairs)
    {
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('\u0000').Append(key).Append('\u0001').Append(value);
        }
    }

    private static string Hash(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
}
