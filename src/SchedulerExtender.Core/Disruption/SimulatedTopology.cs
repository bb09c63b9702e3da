using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// The pod topology a <see cref="ClusterSimulation"/> hands the solver: the pods on each host
/// (<see cref="InFlightClaim.Pods"/>: host ports, hostname anti-affinity and spread) and the bound
/// pods per zone (<see cref="ProvisioningSnapshot.ScheduledPods"/>), without the pods of the nodes a
/// simulation removes (they are the ones being placed) and with the pods a consumed plan moved
/// counted where they went. Built only when some pod of the cluster has pod topology, and used by a
/// solve only when it can change its outcome (<see cref="MattersFor"/>): a cluster of plain Spark
/// pods solves exactly as before, at the same cost.
/// </summary>
internal sealed class SimulatedTopology
{
    private readonly ClusterSnapshot snapshot;
    private readonly IReadOnlyList<InFlightClaim> hosts;
    private readonly bool anywhere;
    private readonly Dictionary<PodReference, (string Host, ScheduledPod Pod)> moved = [];
    private bool boundAntiAffinity;
    private bool boundZoneAntiAffinity;
    private Dictionary<string, List<ScheduledPod>?>? podsOnHost;
    private List<(string? Node, ZonedPod Pod)>? zoned;

    public SimulatedTopology(ClusterSnapshot snapshot, IReadOnlyList<InFlightClaim> hosts)
    {
        this.snapshot = snapshot;
        this.hosts = hosts;
        var bound = snapshot.Nodes.SelectMany(n => n.Pods).Where(p => !p.IsTerminal).Select(p => p.Topology)
            .Concat(snapshot.PodsOnOtherNodes.Select(p => p.Pod.Topology))
            .Concat(snapshot.Launching.SelectMany(c => c.Pods ?? []).Select(p => p.Topology))
            .Where(t => t is { IsEmpty: false })
            .ToList();
        anywhere = bound.Count > 0 || snapshot.PendingPods.Any(p => p.Topology is { IsEmpty: false });
        foreach (var topology in bound)
        {
            Note(topology!);
        }
    }

    /// <summary>
    /// Whether pod topology can change where <paramref name="pods"/> go: one of them has some, or a
    /// bound pod has required anti-affinity (its terms keep newcomers out of its node or zone, as
    /// kube-scheduler checks existing pods' terms). The other rules of bound pods (their ports,
    /// spread and affinity) never limit a pod without topology of its own.
    /// </summary>
    public bool MattersFor(IReadOnlyList<PendingPod> pods) =>
        anywhere && (boundAntiAffinity || pods.Any(p => p.Topology is { IsEmpty: false }));

    /// <summary>Whether zone rules are in play for <paramref name="pods"/>: the solver then counts bound pods per zone.</summary>
    public bool ZoneRulesFor(IReadOnlyList<PendingPod> pods) =>
        MattersFor(pods) && (boundZoneAntiAffinity || pods.Any(p => p.Topology?.HasZoneRules == true));

    /// <summary><paramref name="host"/> with the pods on it (null when not known: a claim whose node's pods were not given).</summary>
    public InFlightClaim WithPods(InFlightClaim host)
    {
        podsOnHost ??= PodsOnHosts();
        return podsOnHost.TryGetValue(host.Name, out var pods) ? host with { Pods = pods } : host;
    }

    /// <summary>The bound pods with their zones, leaving out those on <paramref name="removed"/> nodes.</summary>
    public List<ZonedPod> ZonedWithout(HashSet<string> removed)
    {
        zoned ??= Zoned();
        var kept = new List<ZonedPod>(zoned.Count);
        foreach (var (node, pod) in zoned)
        {
            if (node is null || !removed.Contains(node))
            {
                kept.Add(pod);
            }
        }

        return kept;
    }

    /// <summary>A consumed plan put <paramref name="pod"/> on <paramref name="host"/>: it counts there from now on, no longer where it was.</summary>
    public void Moved(PendingPod pod, string host)
    {
        if (!anywhere)
        {
            return; // no rule anywhere reads labels: nothing to track
        }

        var scheduled = new ScheduledPod(pod.Pod, pod.Labels ?? new Dictionary<string, string>(), pod.Topology ?? PodTopology.None);
        moved[pod.Pod] = (host, scheduled);
        Note(scheduled.Topology);
        podsOnHost = null;
        zoned = null;
    }

    private void Note(PodTopology topology)
    {
        boundAntiAffinity |= topology.AntiAffinity.Count > 0;
        boundZoneAntiAffinity |= topology.HasZoneAntiAffinity;
    }

    private Dictionary<string, List<ScheduledPod>?> PodsOnHosts()
    {
        var byHost = new Dictionary<string, List<ScheduledPod>?>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, ClusterNode>(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes)
        {
            nodes.TryAdd(node.Name, node);
        }

        var launching = new Dictionary<string, InFlightClaim>(StringComparer.Ordinal);
        foreach (var claim in snapshot.Launching)
        {
            launching.TryAdd(claim.Name, claim);
        }

        foreach (var host in hosts)
        {
            // DaemonSet pods stay and count as any pod (their ports above all); the pods' own label
            // maps are shared, not copied. A claim still launching has its given pods, or none known.
            byHost[host.Name] = nodes.TryGetValue(host.Name, out var node)
                ? [.. node.Pods.Where(p => !p.IsTerminal && !moved.ContainsKey(p.Pod)).Select(p => p.ToScheduledPod())]
                : launching.GetValueOrDefault(host.Name)?.Pods is { } given ? [.. given] : null;
        }

        foreach (var (host, pod) in moved.Values)
        {
            if (byHost.TryGetValue(host, out var list) && list is not null)
            {
                list.Add(pod);
            }
        }

        return byHost;
    }

    private List<(string? Node, ZonedPod Pod)> Zoned()
    {
        // Every node of the snapshot, hosting or not: a pod on a node being disrupted is still bound
        // in its zone, and kube-scheduler counts it there until it is gone.
        var zoned = new List<(string?, ZonedPod)>();
        foreach (var node in snapshot.Nodes.Where(n => n.Zone.Length > 0))
        {
            foreach (var pod in node.Pods.Where(p => !p.IsTerminal && !moved.ContainsKey(p.Pod)))
            {
                zoned.Add((node.Name, new ZonedPod(pod.ToScheduledPod(), node.Zone)));
            }
        }

        foreach (var claim in snapshot.Launching)
        {
            if (claim.Labels.TryGetValue(WellKnownLabels.Zone, out var zone))
            {
                zoned.AddRange((claim.Pods ?? []).Select(p => ((string?)claim.Name, new ZonedPod(p, zone))));
            }
        }

        zoned.AddRange(snapshot.PodsOnOtherNodes.Select(p => ((string?)null, p)));
        foreach (var (host, pod) in moved.Values)
        {
            if (hosts.FirstOrDefault(h => h.Name == host)?.Labels.GetValueOrDefault(WellKnownLabels.Zone) is { } zone)
            {
                zoned.Add((host, new ZonedPod(pod, zone)));
            }
        }

        return zoned;
    }
}
