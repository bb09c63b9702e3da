using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>Host ports, hostname anti-affinity and hostname topology spread decide how many pods share a new node.</summary>
public sealed class SolverTopologyTests
{
    private static RequirementSet App(string app) => RequirementSet.FromLabels([KeyValuePair.Create("app", app)]);

    private static PodAffinityTerm AntiOn(string app, string key = TopologyKeys.Hostname, IReadOnlyList<string>? namespaces = null) =>
        new(App(app), namespaces ?? ["default"], key);

    // Small pods: without rules, many share the cheapest node, so every split below is the rules' doing.
    private static PendingPod Labelled(string name, string app, PodTopology? topology = null, double cpu = 0.25) =>
        Pod(name, cpu: cpu, memMiB: 256) with { Labels = new Dictionary<string, string> { ["app"] = app, ["pod-id"] = name }, Topology = topology };

    private static PodTopology Topology(IReadOnlyList<HostPort>? ports = null, IReadOnlyList<PodAffinityTerm>? anti = null, IReadOnlyList<TopologySpreadConstraint>? spread = null) =>
        new(ports ?? [], anti ?? [], [], spread ?? []);

    private static List<PendingPod> Pods(int n, string app, PodTopology? topology) =>
        [.. Enumerable.Range(1, n).Select(i => Labelled($"{app}-{i}", app, topology))];

    [Fact]
    public void Five_pods_anti_affine_to_themselves_on_the_hostname_get_five_claims()
    {
        var plan = Solve(Snapshot(Pods(5, "web", Topology(anti: [AntiOn("web")]))));

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().HaveCount(5).And.OnlyContain(c => c.Pods.Count == 1);
        plan.NewClaims.SelectMany(c => c.Pods).Select(p => p.Name).Should().OnlyHaveUniqueItems();
        // The cap makes a node for one pod the cheapest choice: the smallest type that fits it.
        plan.NewClaims.Should().OnlyContain(c => c.Candidates[0].InstanceType == "ecs.c7.large");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(8, 4)]
    public void A_hostname_spread_of_max_skew_two_puts_at_most_two_pods_on_a_node(int pods, int claims)
    {
        var spread = new TopologySpreadConstraint(2, TopologyKeys.Hostname, App("web"), "default");
        var plan = Solve(Snapshot(Pods(pods, "web", Topology(spread: [spread]))));

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().HaveCount(claims, "ceil({0}/2)", pods);
        plan.NewClaims.Should().OnlyContain(c => c.Pods.Count <= 2);
    }

    [Fact]
    public void A_spread_the_pod_itself_does_not_match_does_not_limit_it()
    {
        var spread = new TopologySpreadConstraint(1, TopologyKeys.Hostname, App("other"), "default");
        var plan = Solve(Snapshot(Pods(4, "web", Topology(spread: [spread]))));

        plan.NewClaims.Should().ContainSingle().Which.Pods.Should().HaveCount(4);
    }

    [Fact]
    public void Pods_asking_the_same_host_port_never_share_a_claim()
    {
        var plan = Solve(Snapshot(Pods(3, "agent", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, 9100)]))));

        plan.NewClaims.Should().HaveCount(3).And.OnlyContain(c => c.Pods.Count == 1);
    }

    public static TheoryData<string, HostPort, HostPort, bool> Ports() => new()
    {
        // case, port of the first pod, of the second, may they share a node
        { "same port, every IP", new("TCP", HostPort.AnyIp, 80), new("TCP", HostPort.AnyIp, 80), false },
        { "same port, one on every IP", new("TCP", "10.0.0.1", 80), new("TCP", HostPort.AnyIp, 80), false },
        { "same port, two different IPs", new("TCP", "10.0.0.1", 80), new("TCP", "10.0.0.2", 80), true },
        { "same port, other protocol", new("TCP", HostPort.AnyIp, 53), new("UDP", HostPort.AnyIp, 53), true },
        { "other port", new("TCP", HostPort.AnyIp, 80), new("TCP", HostPort.AnyIp, 81), true },
    };

    [Theory]
    [MemberData(nameof(Ports))]
    public void Two_pods_with_host_ports_share_a_node_only_without_a_conflict(string because, HostPort first, HostPort second, bool share)
    {
        var plan = Solve(Snapshot([Labelled("a", "a", Topology(ports: [first])), Labelled("b", "b", Topology(ports: [second]))]));

        plan.NewClaims.Should().HaveCount(share ? 1 : 2, because);
    }

    [Theory]
    [InlineData(9100, false)]
    [InlineData(9200, true)]
    public void A_pod_asking_a_host_port_a_daemonset_of_the_pool_binds_is_not_planned_there(int port, bool planned)
    {
        var exporter = new DaemonSetPod("monitoring/node-exporter", new ResourceAmounts(100, 64 * MiB, 0, 1), [], [], [new HostPort("TCP", HostPort.AnyIp, 9100)]);
        var pool = Pool();
        var state = new NodePoolState(pool, ResourceAmounts.Zero) { DaemonSetHostPorts = DaemonSetOverhead.HostPortsFor(pool, [exporter]) };
        var plan = Solve(Snapshot([Labelled("agent-1", "agent", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, port)]))]) with { NodePools = [state] });

        plan.NewClaims.Should().HaveCount(planned ? 1 : 0);
        if (!planned)
        {
            plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("host port 0.0.0.0:9100/TCP is taken by a DaemonSet");
        }
    }

    [Fact]
    public void A_daemonset_that_does_not_run_on_the_pool_leaves_its_ports_free_there()
    {
        var tainted = Pool(taints: [new Taint("dedicated", "gpu", "NoSchedule")]);
        var exporter = new DaemonSetPod("monitoring/node-exporter", new ResourceAmounts(100, 64 * MiB, 0, 1), [], [], [new HostPort("TCP", HostPort.AnyIp, 9100)]);

        DaemonSetOverhead.HostPortsFor(tainted, [exporter]).Should().BeEmpty();
        DaemonSetOverhead.HostPortsFor(Pool(), [exporter]).Should().ContainSingle();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_groups_anti_affine_to_each_other_never_share_whichever_holds_the_term(bool termOnTheLarger)
    {
        // The larger pods are solved first; the term sits on one side only, and counts both ways.
        List<PendingPod> Db(PodTopology? t) => [.. Pods(3, "db", t).Select(p => p with { Requests = p.Requests with { MilliCpu = 500 } })];
        var db = Db(termOnTheLarger ? Topology(anti: [AntiOn("cache")]) : null);
        var cache = Pods(4, "cache", termOnTheLarger ? null : Topology(anti: [AntiOn("db")]));
        var plan = Solve(Snapshot([.. db, .. cache]));
        var withoutTerms = Solve(Snapshot([.. Db(null), .. Pods(4, "cache", null)]));

        static bool Mixed(NodeClaimPlan c) => c.Pods.Select(p => p.Name.Split('-')[0]).Distinct().Count() > 1;
        withoutTerms.NewClaims.Where(Mixed).Should().NotBeEmpty("without the term the small pods fill the large ones' node");
        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Where(Mixed).Should().BeEmpty();
        plan.NewClaims.Should().HaveCount(Solve(Snapshot(db)).NewClaims.Count + Solve(Snapshot(cache)).NewClaims.Count, "each side packs as it would alone");
    }

    [Fact]
    public void An_anti_affinity_term_in_another_namespace_does_not_keep_pods_apart()
    {
        var other = new PodAffinityTerm(App("web"), ["elsewhere"], TopologyKeys.Hostname);
        var plan = Solve(Snapshot(Pods(3, "web", Topology(anti: [other]))));

        plan.NewClaims.Should().ContainSingle().Which.Pods.Should().HaveCount(3);
    }

    [Fact]
    public void Pods_that_only_differ_in_the_labels_no_selector_reads_stay_one_group()
    {
        // Each pod has its own pod-id label; the selector reads app only, so one group packs them.
        var pods = Pods(4, "web", Topology(spread: [new TopologySpreadConstraint(2, TopologyKeys.Hostname, App("web"), "default")]));
        pods.Add(Labelled("other-1", "other"));
        var plan = Solve(Snapshot(pods));

        plan.NewClaims.Where(c => c.Pods.Any(p => p.Name.StartsWith("web", StringComparison.Ordinal))).Should().HaveCount(2).And.OnlyContain(c => c.Pods.Count(p => p.Name.StartsWith("web", StringComparison.Ordinal)) == 2);
    }

    [Fact]
    public void A_topology_key_the_solver_does_not_know_leaves_the_plan_as_before()
    {
        var rack = Pods(4, "web", Topology(anti: [AntiOn("web", key: "example.com/rack")], spread: [new TopologySpreadConstraint(1, "example.com/rack", App("web"), "default")]));
        var plain = Pods(4, "web", null);

        Render(Solve(Snapshot(rack))).Should().Be(Render(Solve(Snapshot(plain))));
        Solve(Snapshot(rack)).NewClaims.Should().ContainSingle("four small pods share a node");
    }

    [Fact]
    public void Pods_with_labels_but_no_topology_get_exactly_the_plan_without_labels()
    {
        var plain = Executors(30, cpu: 1.5).Concat(Executors(7, cpu: 3).Select(p => p with { Pod = p.Pod with { Name = "big-" + p.Pod.Name } })).ToList();
        var labelled = plain.Select(p => p with { Labels = new Dictionary<string, string> { ["spark-exec-id"] = p.Pod.Name } }).ToList();

        Render(Solve(Snapshot(labelled))).Should().Be(Render(Solve(Snapshot(plain))));
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_input_order()
    {
        var pods = Pods(5, "web", Topology(anti: [AntiOn("web")]))
            .Concat(Pods(5, "api", Topology(spread: [new TopologySpreadConstraint(2, TopologyKeys.Hostname, App("api"), "default")])))
            .Concat(Pods(3, "agent", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, 9100)])))
            .Concat(Pods(6, "batch", null))
            .ToList();

        var reference = Render(Solve(Snapshot(pods)));

        Render(Solve(Snapshot([.. Enumerable.Reverse(pods)]))).Should().Be(reference);
        Render(Solve(Snapshot(pods))).Should().Be(reference);
    }

    [Fact]
    public void Different_groups_fill_each_others_claims_only_within_the_rules()
    {
        // web: one per node; api: two per node, and api must not join a node with web (api's term).
        var pods = Pods(2, "web", Topology(anti: [AntiOn("web")]))
            .Concat(Pods(4, "api", Topology(anti: [AntiOn("web")], spread: [new TopologySpreadConstraint(2, TopologyKeys.Hostname, App("api"), "default")])))
            .ToList();
        var plan = Solve(Snapshot(pods));

        plan.Unschedulable.Should().BeEmpty();
        foreach (var claim in plan.NewClaims)
        {
            var apps = claim.Pods.Select(p => p.Name.Split('-')[0]).ToList();
            apps.Count(a => a == "web").Should().BeLessThanOrEqualTo(1);
            apps.Count(a => a == "api").Should().BeLessThanOrEqualTo(2);
            apps.Distinct().Should().ContainSingle();
        }

        plan.NewClaims.Should().HaveCount(4);
    }

    public static TheoryData<string, IReadOnlyList<ScheduledPod>?, bool> InFlight() => new()
    {
        // case, the pods known on the in-flight node, does the pending pod go onto it
        { "nothing known on it", null, false },
        { "known to be empty", [], true },
        { "a pod with another port", [Scheduled("other", "other", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, 8080)]))], true },
        { "a pod with the same port", [Scheduled("other", "other", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, 9100)]))], false },
        { "a pod whose anti-affinity selects it", [Scheduled("db", "db", Topology(anti: [AntiOn("agent")]))], false },
        { "a pod its anti-affinity selects", [Scheduled("web", "web", null)], false },
    };

    [Theory]
    [MemberData(nameof(InFlight))]
    public void A_pod_with_node_rules_goes_onto_an_in_flight_node_only_when_they_hold_there(string because, IReadOnlyList<ScheduledPod>? onNode, bool placed)
    {
        var claim = new InFlightClaim("claim-1", "default", new Dictionary<string, string>(), [], new ResourceAmounts(4000, 8192 * MiB, 0, 100), onNode);
        var pod = Labelled("agent-1", "agent", Topology(ports: [new HostPort("TCP", HostPort.AnyIp, 9100)], anti: [AntiOn("web")]));
        var plan = Solve(Snapshot([pod], inFlight: [claim]));

        plan.OnInFlight.Should().HaveCount(placed ? 1 : 0, because);
        plan.NewClaims.Should().HaveCount(placed ? 0 : 1, because);
    }

    [Fact]
    public void Pods_without_node_rules_go_onto_an_in_flight_node_whose_pods_are_unknown_as_before()
    {
        var claim = new InFlightClaim("claim-1", "default", new Dictionary<string, string>(), [], new ResourceAmounts(4000, 8192 * MiB, 0, 100));
        var plan = Solve(Snapshot([Labelled("batch-1", "batch"), Labelled("web-1", "web", Topology(anti: [AntiOn("web")]))], inFlight: [claim]));

        plan.OnInFlight.Should().ContainSingle().Which.Pod.Name.Should().Be("batch-1");
        plan.NewClaims.Should().ContainSingle().Which.Pods.Should().ContainSingle().Which.Name.Should().Be("web-1");
    }

    [Fact]
    public void Pods_planned_onto_in_flight_claims_again_keep_one_per_node()
    {
        // What the provisioner does each batch: three claims planned for three anti-affine pods are
        // in flight (each planned for one pod), and the pods are planned again.
        var claims = Enumerable.Range(1, 3).Select(i => new InFlightClaim($"claim-{i}", "default", new Dictionary<string, string>(), [], new ResourceAmounts(3500, 6000 * MiB, 0, 100), [])).ToList();
        var plan = Solve(Snapshot(Pods(3, "web", Topology(anti: [AntiOn("web")])), inFlight: claims));

        plan.NewClaims.Should().BeEmpty();
        plan.OnInFlight.Select(p => p.ClaimName).Should().OnlyHaveUniqueItems().And.HaveCount(3);
    }

    private static ScheduledPod Scheduled(string name, string app, PodTopology? topology) =>
        new(new PodReference("default", name), new Dictionary<string, string> { ["app"] = app }, topology ?? PodTopology.None);
}
