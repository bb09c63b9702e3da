namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The pods on one claim (placed in this solve, or already on an in-flight node) as far as
/// node-level rules care: labels, host ports, hostname anti-affinity and hostname spread. Says how
/// many more pods of a group kube-scheduler would let onto the node (<see cref="Room"/>), so the
/// solver never plans pods onto a node where all but one would stay pending.
/// </summary>
internal sealed class ClaimTopology
{
    private readonly List<Entry> entries = [];
    private readonly bool known;

    private ClaimTopology(bool known) => this.known = known;

    /// <summary>A new node: nothing on it yet.</summary>
    public static ClaimTopology Empty() => new(true);

    /// <summary>An in-flight node with these pods on it; null when they are not known.</summary>
    public static ClaimTopology OnNode(IReadOnlyList<ScheduledPod>? pods)
    {
        var topology = new ClaimTopology(pods is not null);
        foreach (var p in pods ?? [])
        {
            topology.entries.Add(new Entry(null, p.Pod.Namespace, p.Labels, p.Topology, 1));
        }

        return topology;
    }

    /// <summary>
    /// How many more pods of <paramref name="group"/> may go on this node (int.MaxValue: no
    /// node-level limit). Host ports and anti-affinity are checked both ways (a pod placed here
    /// whose term selects the group keeps it off, as kube-scheduler checks existing pods' terms).
    /// Hostname spread: a node may hold at most maxSkew pods a constraint counts. kube-scheduler's
    /// rule is count + 1 − (smallest count over the eligible nodes) ≤ maxSkew; a new node starts
    /// at 0 and is itself eligible, so the smallest count is 0 while it fills — maxSkew is exactly
    /// the cap then, and never more than it allows later (the smallest count only grows).
    /// </summary>
    public int Room(PodGroup group)
    {
        if (!known)
        {
            // Unknown neighbours: a pod with node-level rules of its own cannot be checked, so it does
            // not go here; other pods are planned as before (the neighbours' terms cannot be seen).
            return group.HasNodeRules ? 0 : int.MaxValue;
        }

        var topology = group.Topology;
        var cap = topology.HostPorts.Count > 0 ? 1 : int.MaxValue; // every copy of the pod asks the same ports
        foreach (var e in entries)
        {
            if (Conflicts(topology.HostPorts, e.Topology.HostPorts))
            {
                return 0;
            }

            foreach (var term in e.Topology.AntiAffinity)
            {
                if (term.TopologyKey == TopologyKeys.Hostname && term.Selects(group.Namespace, group.Labels))
                {
                    return 0;
                }
            }
        }

        foreach (var term in topology.AntiAffinity)
        {
            if (term.TopologyKey != TopologyKeys.Hostname)
            {
                continue;
            }

            if (term.Selects(group.Namespace, group.Labels))
            {
                cap = Math.Min(cap, 1);
            }

            foreach (var e in entries)
            {
                if (term.Selects(e.Namespace, e.Labels))
                {
                    return 0;
                }
            }
        }

        foreach (var c in topology.Spread)
        {
            if (c.TopologyKey != TopologyKeys.Hostname)
            {
                continue;
            }

            var count = Count(c);
            if (c.Selects(group.Namespace, group.Labels))
            {
                cap = Math.Min(cap, c.MaxSkew - count);
            }
            else if (count > c.MaxSkew)
            {
                return 0; // the pod adds nothing to the count, but kube-scheduler refuses a node already over
            }
        }

        // The constraints of pods placed in this solve: they are not scheduled yet, and if the
        // group's pods are scheduled first, they count against them. Pods already on a node are not
        // checked again by kube-scheduler, so their constraints do not limit newcomers.
        foreach (var e in entries)
        {
            if (e.Group is null)
            {
                continue;
            }

            foreach (var c in e.Topology.Spread)
            {
                if (c.TopologyKey == TopologyKeys.Hostname && c.Selects(group.Namespace, group.Labels))
                {
                    cap = Math.Min(cap, c.MaxSkew - Count(c));
                }
            }
        }

        return Math.Max(0, cap);
    }

    public void Add(PodGroup group, int count)
    {
        if (count <= 0)
        {
            return;
        }

        foreach (var e in entries)
        {
            if (ReferenceEquals(e.Group, group))
            {
                e.Count += count;
                return;
            }
        }

        entries.Add(new Entry(group, group.Namespace, group.Labels, group.Topology, count));
    }

    private int Count(TopologySpreadConstraint c)
    {
        var count = 0;
        foreach (var e in entries)
        {
            if (c.Selects(e.Namespace, e.Labels))
            {
                count += e.Count;
            }
        }

        return count;
    }

    private static bool Conflicts(IReadOnlyList<HostPort> a, IReadOnlyList<HostPort> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x.ConflictsWith(y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Entry(PodGroup? group, string ns, IReadOnlyDictionary<string, string> labels, PodTopology topology, int count)
    {
        public PodGroup? Group => group;

        public string Namespace => ns;

        public IReadOnlyDictionary<string, string> Labels => labels;

        public PodTopology Topology => topology;

        public int Count { get; set; } = count;
    }
}
