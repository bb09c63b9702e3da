using System.Globalization;
using System.Text;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Pods with identical requests, requirement terms, tolerations and role: Spark's many identical
/// executors are solved once per group, not once per pod. When any pod of the solve (or on an
/// in-flight node, or bound where zone rules count it) has pod topology (host ports, pod (anti-)affinity, spread), the key also holds
/// the pod's own topology and which of those terms' selectors match it: pods of one group are then
/// interchangeable for every rule, while labels no selector looks at (Spark's per-executor ids)
/// still do not split groups.
/// </summary>
internal sealed class PodGroup
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private PodGroup(string key, PendingPod first)
    {
        Key = key;
        Requests = first.Requests with { Pods = 1 };
        Terms = OrAnywhere(first.RequirementTerms);
        OwnTerms = first.SpreadDomainTerms is null ? null : OrAnywhere(first.SpreadDomainTerms);
        Tolerations = first.Tolerations;
        Role = first.Role;
        Namespace = first.Pod.Namespace;
        Labels = first.Labels ?? NoLabels;
        Topology = first.Topology ?? PodTopology.None;
        HasNodeRules = Topology.HostPorts.Count > 0 ||
            Topology.AntiAffinity.Any(t => t.TopologyKey == TopologyKeys.Hostname) ||
            Topology.Spread.Any(c => c.TopologyKey == TopologyKeys.Hostname);
    }

    /// <summary>A variant of <paramref name="whole"/>: the same pods' properties under other terms.</summary>
    private PodGroup(PodGroup whole, string key, IReadOnlyList<RequirementSet> terms, IReadOnlyList<RequirementSet>? ownTerms, List<PodReference> pods)
    {
        Key = key;
        Requests = whole.Requests;
        Terms = terms;
        OwnTerms = ownTerms;
        Tolerations = whole.Tolerations;
        Role = whole.Role;
        Namespace = whole.Namespace;
        Labels = whole.Labels;
        Topology = whole.Topology;
        HasNodeRules = whole.HasNodeRules;
        PerNodeCap = whole.PerNodeCap;
        Pods.AddRange(pods);
    }

    public string Key { get; }

    public ResourceAmounts Requests { get; }

    public IReadOnlyList<RequirementSet> Terms { get; }

    /// <summary>
    /// The pods' own terms when their volumes or a tried preference narrowed <see cref="Terms"/>
    /// (<see cref="PendingPod.OwnTerms"/>), null otherwise: the zones a zone spread counts are those
    /// these reach.
    /// </summary>
    public IReadOnlyList<RequirementSet>? OwnTerms { get; }

    public IReadOnlyList<PodToleration> Tolerations { get; }

    public SparkRole Role { get; }

    /// <summary>The first pod's namespace and labels: every pod of the group matches the same selectors.</summary>
    public string Namespace { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public PodTopology Topology { get; }

    /// <summary>True when the group's own host ports, hostname anti-affinity or hostname spread limit its neighbours.</summary>
    public bool HasNodeRules { get; }

    /// <summary>How many of the group's pods one new node may hold by those rules (int.MaxValue: no limit).</summary>
    public int PerNodeCap { get; private set; } = int.MaxValue;

    /// <summary>The group as its own terms alone would place it, for counting its spread's zones.</summary>
    public PodGroup WithOwnTerms() => OwnTerms is null ? this : new(this, $"{Key}|own", OwnTerms, null, Pods);

    /// <summary>These pods of the group, allowed only in <paramref name="zones"/>.</summary>
    public PodGroup InZones(IReadOnlyList<string> zones, List<PodReference> pods)
    {
        // A share of the group's pods restricted to those zones: its terms require them.
        var inZones = Requirement.From(NodeSelectorRequirement.In(WellKnownLabels.Zone, [.. zones]));
        return new(this, $"{Key}|Z:{string.Join(",", zones)}", [.. Terms.Select(t => t.With(inZones))], OwnTerms, pods);
    }

    public List<PodReference> Pods { get; } = [];

    /// <summary>
    /// Groups the pods, in a fixed order: groups with zone anti-affinity first (they are pinned to
    /// zones, and the groups solved after them must see those zones to keep out; a group solved
    /// before them is not pinned, so its zone is not known), then drivers (an application cannot
    /// start without one), then larger requests (first-fit decreasing packs tighter), then by key.
    /// Pods inside a group are ordered by namespace and name.
    /// </summary>
    public static List<PodGroup> Build(ProvisioningSnapshot snapshot)
    {
        var selectors = Selectors(snapshot);
        var byKey = new Dictionary<string, PodGroup>(StringComparer.Ordinal);
        foreach (var pod in snapshot.Pods)
        {
            var key = KeyOf(pod, selectors);
            if (!byKey.TryGetValue(key, out var group))
            {
                group = new PodGroup(key, pod);
                if (group.HasNodeRules)
                {
                    group.PerNodeCap = ClaimTopology.Empty().Room(group);
                }

                byKey.Add(key, group);
            }

            group.Pods.Add(pod.Pod);
        }

        var groups = byKey.Values.ToList();
        foreach (var g in groups)
        {
            g.Pods.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Namespace, b.Namespace);
                return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
            });
        }

        groups.Sort(static (a, b) =>
        {
            var c = b.Topology.HasZoneAntiAffinity.CompareTo(a.Topology.HasZoneAntiAffinity);
            c = c != 0 ? c : (b.Role == SparkRole.Driver).CompareTo(a.Role == SparkRole.Driver);
            c = c != 0 ? c : b.Requests.MilliCpu.CompareTo(a.Requests.MilliCpu);
            c = c != 0 ? c : b.Requests.MemoryBytes.CompareTo(a.Requests.MemoryBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return groups;
    }

    /// <summary>
    /// Every distinct selector of the terms of the pending pods, the pods on in-flight nodes and the
    /// bound pods zone rules count, as a function of a pod's namespace and labels.
    /// </summary>
    private static List<Func<string, IReadOnlyDictionary<string, string>, bool>> Selectors(ProvisioningSnapshot snapshot)
    {
        var byKey = new SortedDictionary<string, Func<string, IReadOnlyDictionary<string, string>, bool>>(StringComparer.Ordinal);
        var topologies = snapshot.Pods.Select(p => p.Topology)
            .Concat(snapshot.InFlight.SelectMany(c => c.Pods ?? []).Select(p => p.Topology))
            .Concat((snapshot.ScheduledPods ?? []).Select(p => p.Pod.Topology));
        foreach (var topology in topologies)
        {
            if (topology is null || topology.IsEmpty)
            {
                continue;
            }

            foreach (var term in topology.AntiAffinity.Concat(topology.Affinity))
            {
                byKey.TryAdd("T:" + term.Key, term.Selects);
            }

            foreach (var c in topology.Spread)
            {
                byKey.TryAdd("S:" + c.Key, c.Selects);
            }
        }

        return [.. byKey.Values];
    }

    private static string KeyOf(PendingPod pod, List<Func<string, IReadOnlyDictionary<string, string>, bool>> selectors)
    {
        var r = pod.Requests;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{pod.Role}|{r.MilliCpu}|{r.MemoryBytes}|{r.EphemeralStorageBytes}");
        foreach (var term in pod.RequirementTerms.Select(t => t.ToString()).Order(StringComparer.Ordinal))
        {
            sb.Append("|T:").Append(term);
        }

        if (pod.SpreadDomainTerms is not null)
        {
            foreach (var term in pod.SpreadDomainTerms.Select(t => t.ToString()).Order(StringComparer.Ordinal))
            {
                sb.Append("|D:").Append(term);
            }
        }

        foreach (var t in pod.Tolerations.Select(t => $"{t.Key}/{t.Operator}/{t.Value}/{t.Effect}").Order(StringComparer.Ordinal))
        {
            sb.Append("|O:").Append(t);
        }

        if (pod.Topology is { IsEmpty: false } topology)
        {
            foreach (var p in topology.HostPorts.Select(p => p.ToString()).Order(StringComparer.Ordinal))
            {
                sb.Append("|P:").Append(p);
            }

            foreach (var t in topology.AntiAffinity.Select(t => t.Key).Order(StringComparer.Ordinal))
            {
                sb.Append("|A:").Append(t);
            }

            foreach (var t in topology.Affinity.Select(t => t.Key).Order(StringComparer.Ordinal))
            {
                sb.Append("|F:").Append(t);
            }

            foreach (var c in topology.Spread.Select(c => c.Key).Order(StringComparer.Ordinal))
            {
                sb.Append("|S:").Append(c);
            }
        }

        if (selectors.Count > 0)
        {
            var labels = pod.Labels ?? NoLabels;
            sb.Append("|M:");
            foreach (var selects in selectors)
            {
                sb.Append(selects(pod.Pod.Namespace, labels) ? '1' : '0');
            }
        }

        return sb.ToString();
    }

    private static IReadOnlyList<RequirementSet> OrAnywhere(IReadOnlyList<RequirementSet> terms) => terms.Count == 0 ? [RequirementSet.Empty] : terms;
}
