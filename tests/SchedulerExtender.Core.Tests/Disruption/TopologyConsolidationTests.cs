using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// Consolidation, drift, interruption and validation simulate with the pods' topology (host ports,
/// hostname anti-affinity, hostname and zone spread): a node whose pods kube-scheduler would leave
/// pending elsewhere is kept (or replaced), and one whose pods have a legal home still goes. Every
/// row is also planned with the topology stripped, the planner's old view, so each row shows what
/// topology changes (or that it changes nothing where it must not).
/// </summary>
public sealed class TopologyConsolidationTests
{
    /// <summary>A planner row: nodes, the plan expected, and the plan with every pod's topology ignored.</summary>
    public sealed record TopologyCase(string Name, ClusterNode[] Nodes, string Expected, string WithoutTopology, IReadOnlyList<ZonedPod>? OnOtherNodes = null)
    {
        public override string ToString() => Name;
    }

    private static RequirementSet App(string app) => RequirementSet.FromLabels([KeyValuePair.Create("app", app)]);

    private static PodTopology AntiAffinity(string app, string key = TopologyKeys.Hostname) => new([], [new PodAffinityTerm(App(app), ["default"], key)], [], []);

    private static PodTopology Port(int port) => new([new HostPort("TCP", HostPort.AnyIp, port)], [], [], []);

    private static PodTopology Spread(string app, string key) => new([], [], [], [new TopologySpreadConstraint(1, key, App(app), "default")]);

    /// <summary>A small pod labelled app=<paramref name="app"/>: without rules, several fit on any node.</summary>
    private static ClusterPod Labelled(string name, string app, PodTopology? topology = null) =>
        Pod(name, 0.25, 256) with { Labels = new Dictionary<string, string> { ["app"] = app }, Topology = topology };

    /// <summary>The cheapest type: no replacement is ever cheaper, so a node is deleted or kept.</summary>
    private static ClusterNode Small(string name, params ClusterPod[] pods) => Node(name, "ecs.c7.large", pods: pods);

    /// <summary>A node that stays (a running driver blocks it) with room for small pods.</summary>
    private static ClusterNode Host(string name, params ClusterPod[] pods) => Small(name, [Driver($"drv-{name}", app: $"app-{name}"), .. pods]);

    /// <summary>A node that stays with no room left.</summary>
    private static ClusterNode Full(string name) => Host(name, Pod($"filler-{name}", 1, 256));

    private static ClusterNode InZoneB(ClusterNode node) => node with
    {
        Zone = "zone-b",
        PricePerHour = Types.Single(t => t.Name == node.InstanceType).Offerings.First(o => o.Zone == "zone-b" && o.CapacityType == node.CapacityType).PricePerHour,
    };

    private static ZonedPod Bound(string name, string app, string zone) =>
        new(new ScheduledPod(new PodReference("default", name), new Dictionary<string, string> { ["app"] = app }, PodTopology.None), zone);

    public static TheoryData<TopologyCase> Rows =>
    [
        // Hostname anti-affinity: three replicas on three nodes, none may share.
        new("anti-affine replicas on three nodes: all kept",
            [Small("a", Labelled("web-1", "web", AntiAffinity("web"))), Small("b", Labelled("web-2", "web", AntiAffinity("web"))), Small("c", Labelled("web-3", "web", AntiAffinity("web")))],
            "", "Underutilized replace a,b,c -> ecs.c7.large/spot"),
        new("anti-affine replicas with a fourth node free of them: one goes there, one to a new node",
            [Small("a", Labelled("web-1", "web", AntiAffinity("web"))), Small("b", Labelled("web-2", "web", AntiAffinity("web"))), Small("c", Labelled("web-3", "web", AntiAffinity("web"))), Host("d")],
            "Underutilized replace a,b -> ecs.c7.large/spot", "Underutilized delete a,b,c"),
        new("anti-affinity of the pod already there keeps the plain pod out",
            [Small("a", Labelled("cache", "cache")), Host("b", Labelled("guard", "guard", AntiAffinity("cache")))],
            "", "Underutilized delete a"),

        // Host ports: the only other node has the port taken (by a pod, or by a DaemonSet pod).
        new("host port taken on the only other node: kept",
            [Small("a", Labelled("p", "agent", Port(8080))), Host("b", Labelled("q", "other", Port(8080)))],
            "", "Underutilized delete a"),
        new("host port taken by a DaemonSet pod: kept",
            [Small("a", Labelled("p", "agent", Port(8080))), Host("b", DaemonSet("ds") with { Topology = Port(8080) })],
            "", "Underutilized delete a"),
        new("host port free on the other node: deleted",
            [Small("a", Labelled("p", "agent", Port(8080))), Host("b", Labelled("q", "other", Port(9090)))],
            "Underutilized delete a", "Underutilized delete a"),
        new("a DaemonSet's host port does not hold a pod without ports",
            [Small("a", Labelled("p", "plain")), Host("b", DaemonSet("ds") with { Topology = Port(8080) })],
            "Underutilized delete a", "Underutilized delete a"),

        // Hostname spread, maxSkew 1, with a node "full" holding none of them (so kube-scheduler's
        // smallest count is 0): one matching pod per node.
        new("hostname spread: the node with room already has one: kept",
            [Small("a", Labelled("web-1", "web", Spread("web", TopologyKeys.Hostname))), Host("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Hostname))), Full("full")],
            "", "Underutilized delete a"),
        new("hostname spread: a node without one takes it",
            [Small("a", Labelled("web-1", "web", Spread("web", TopologyKeys.Hostname))), Host("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Hostname))), Full("full"), Host("c")],
            "Underutilized delete a", "Underutilized delete a"),

        // Zone spread, maxSkew 1: web-2 is zone-b's only replica; moved to zone-a it would make 2 to 0
        // (zone-b keeps a node, "full-b", so kube-scheduler counts it).
        new("zone spread: the only room is in the other zone: kept (a node in zone-b is not cheaper)",
            [Host("a", Labelled("web-1", "web", Spread("web", TopologyKeys.Zone))), InZoneB(Small("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Zone)))), InZoneB(Full("full-b"))],
            "", "Underutilized delete b"),
        new("zone spread: room in its own zone: deleted",
            [Host("a", Labelled("web-1", "web", Spread("web", TopologyKeys.Zone))), InZoneB(Small("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Zone)))), InZoneB(Host("b2"))],
            "Underutilized delete b", "Underutilized delete b"),
        new("zone spread counts pods on nodes the provisioner did not launch",
            [Host("a"), InZoneB(Small("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Zone)))), InZoneB(Full("full-b"))],
            "", "Underutilized delete b", [Bound("web-1", "web", "zone-a")]),
        new("zone spread without those pods: deleted",
            [Host("a"), InZoneB(Small("b", Labelled("web-2", "web", Spread("web", TopologyKeys.Zone)))), InZoneB(Full("full-b"))],
            "Underutilized delete b", "Underutilized delete b"),

        // A moved pod does not meet itself: its old node's pods are not counted where they were.
        new("self anti-affinity on the hostname: the pod leaves for a node without its kind",
            [Small("a", Labelled("web-1", "web", AntiAffinity("web"))), Host("b")],
            "Underutilized delete a", "Underutilized delete a"),
        new("self anti-affinity on the zone: the pod leaves for a node in its own zone",
            [Small("a", Labelled("web-1", "web", AntiAffinity("web", TopologyKeys.Zone))), Host("b")],
            "Underutilized delete a", "Underutilized delete a"),
        new("self anti-affinity on the zone: another replica in the zone keeps it",
            [Small("a", Labelled("web-1", "web", AntiAffinity("web", TopologyKeys.Zone))), Host("b", Labelled("web-2", "web"))],
            "", "Underutilized delete a"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Plans_with_pod_topology(TopologyCase c)
    {
        var snapshot = Snapshot(c.Nodes) with { PodsOnOtherNodes = c.OnOtherNodes ?? [] };
        Render(Plan(snapshot)).Should().Be(c.Expected, c.Name);
        Render(Plan(WithoutTopology(snapshot))).Should().Be(c.WithoutTopology, "{0}, with every pod's topology ignored", c.Name);
    }

    [Fact]
    public void A_kept_node_says_which_pod_has_no_legal_home()
    {
        var plan = Plan(Snapshot([Small("a", Labelled("p", "agent", Port(8080))), Host("b", Labelled("q", "other", Port(8080)))]));

        plan.Blocked.Should().ContainSingle(b => b.Node == "a" && b.Reason == DisruptionReason.Underutilized)
            .Which.Why.Should().Contain("default/p");
    }

    [Fact]
    public void A_drifted_node_whose_pod_cannot_join_the_others_is_replaced_not_deleted()
    {
        var drifted = Small("d", Labelled("web-1", "web", AntiAffinity("web"))) with { Drifted = true };
        var nodes = new[] { drifted, Host("h", Labelled("web-2", "web", AntiAffinity("web"))) };

        Render(Plan(Snapshot(nodes))).Should().Be("Drifted replace d -> ecs.c7.large/spot");
        Render(Plan(WithoutTopology(Snapshot(nodes)))).Should().Be("Drifted delete d");
    }

    [Fact]
    public void A_reclaimed_pod_is_not_planned_onto_a_node_where_its_host_port_is_taken()
    {
        var reclaimed = Small("r", Labelled("p", "agent", Port(8080))) with { ReclaimNoticeAt = Now.AddMinutes(-1) };
        var taken = Host("taken", Labelled("q", "other", Port(8080)));

        var replacement = Plan(Snapshot([reclaimed, taken])).Interruptions.Should().ContainSingle().Subject.Replacement;
        replacement.OnInFlight.Should().BeEmpty();
        replacement.NewClaims.Should().ContainSingle().Which.Pods.Should().Equal(new PodReference("default", "p"));

        Plan(Snapshot([reclaimed, Host("free", Labelled("q", "other", Port(9090)))])).Interruptions.Single().Replacement.OnInFlight
            .Should().Equal(new PodPlacement(new PodReference("default", "p"), "free"));
    }

    [Fact]
    public void Two_reclaimed_pods_asking_one_port_never_get_the_same_free_node()
    {
        ClusterNode Reclaimed(string name, string pod) => Small(name, Labelled(pod, "agent", Port(8080))) with { ReclaimNoticeAt = Now.AddMinutes(-1) };

        var plan = Plan(Snapshot([Reclaimed("r1", "p1"), Reclaimed("r2", "p2"), Host("free")]));

        plan.Interruptions.Select(i => i.Replacement.OnInFlight.Count).Should().Equal(1, 0);
        plan.Interruptions[1].Replacement.NewClaims.Should().ContainSingle();
    }

    [Fact]
    public void A_delete_is_invalid_once_a_pod_on_the_other_node_takes_the_port()
    {
        var nodes = new[] { Small("a", Labelled("p", "agent", Port(8080))), Host("b") };
        var command = Plan(Snapshot(nodes)).Commands.Should().ContainSingle().Subject;
        Render(command).Should().Be("Underutilized delete a");

        var later = Snapshot([nodes[0], Host("b", Labelled("q", "other", Port(8080)))]);
        DisruptionPlanner.Validate(command, later, Types, Now.AddSeconds(15)).IsValid.Should().BeFalse();
        DisruptionPlanner.Validate(command, Snapshot(nodes), Types, Now.AddSeconds(15)).IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_pending_pod_keeps_its_topology_and_the_node_it_needs()
    {
        // The pending pod asks port 8080: only "empty" has it free, so "empty" is not free to remove.
        var pending = new PendingPod(new PodReference("default", "waiting"), new Core.Resources.ResourceAmounts(250, 256 * Provisioning.SolverBuilders.MiB, 0, 1), [], [],
            Labels: new Dictionary<string, string> { ["app"] = "agent" }, Topology: Port(8080));
        var nodes = new[] { Small("empty"), Host("taken", Labelled("q", "other", Port(8080))) };

        Render(Plan(Snapshot(nodes, pending: [pending]))).Should().BeEmpty();
        Render(Plan(Snapshot(nodes, pending: [pending with { Topology = null }]))).Should().Be("Empty delete empty");
    }

    [Fact]
    public void A_claim_still_launching_hosts_a_moved_pod_only_when_its_port_is_free_there()
    {
        InFlightClaim Joining(IReadOnlyList<ScheduledPod>? pods) => new("joining", "default",
            new Dictionary<string, string> { [WellKnownLabels.Zone] = "zone-a", [WellKnownLabels.CapacityType] = "spot" }, [],
            new Core.Resources.ResourceAmounts(2000, 4096 * Provisioning.SolverBuilders.MiB, 0, 64), pods);
        var nodes = new[] { Small("a", Labelled("p", "agent", Port(8080))) };
        var exporter = new ScheduledPod(new PodReference("monitoring", "exporter"), new Dictionary<string, string>(), Port(8080));

        Render(Plan(Snapshot(nodes) with { Launching = [Joining([])] })).Should().Be("Underutilized delete a");
        Render(Plan(Snapshot(nodes) with { Launching = [Joining([exporter])] })).Should().BeEmpty("8080 is taken on the joining node");
        Render(Plan(Snapshot(nodes) with { Launching = [Joining(null)] })).Should().BeEmpty("its pods are not known: the port cannot be known free");
    }

    private static ClusterSnapshot WithoutTopology(ClusterSnapshot snapshot) => snapshot with
    {
        Nodes = [.. snapshot.Nodes.Select(n => n with { Pods = [.. n.Pods.Select(p => p with { Topology = null })] })],
        PendingPods = [.. snapshot.PendingPods.Select(p => p with { Topology = null })],
    };
}
