using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>Zone-level spread and pod (anti-)affinity pin new claims to zones (the small catalogue has zone-a and zone-b).</summary>
public sealed class SolverZoneTopologyTests
{
    private static RequirementSet App(string app) => RequirementSet.FromLabels([KeyValuePair.Create("app", app)]);

    private static PendingPod Labelled(string name, string app, PodTopology? topology = null) =>
        Pod(name, cpu: 0.25, memMiB: 256) with { Labels = new Dictionary<string, string> { ["app"] = app }, Topology = topology };

    private static List<PendingPod> Pods(int n, string app, PodTopology? topology) =>
        [.. Enumerable.Range(1, n).Select(i => Labelled($"{app}-{i}", app, topology))];

    private static PodTopology ZoneSpread(int maxSkew, string app = "web") =>
        new([], [], [], [new TopologySpreadConstraint(maxSkew, TopologyKeys.Zone, App(app), "default")]);

    private static ZonedPod Running(string name, string app, string zone, PodTopology? topology = null) =>
        new(new ScheduledPod(new PodReference("default", name), new Dictionary<string, string> { ["app"] = app }, topology ?? PodTopology.None), zone);

    private static Dictionary<string, int> PodsPerZone(LaunchPlan plan)
    {
        plan.NewClaims.Should().OnlyContain(c => c.Zones.Count == 1, "every claim is pinned to its pods' zone");
        return plan.NewClaims.GroupBy(c => c.Zones[0]).ToDictionary(g => g.Key, g => g.Sum(c => c.Pods.Count));
    }

    [Fact]
    public void A_zone_spread_splits_the_pods_evenly_over_the_reachable_zones()
    {
        var plan = Solve(Snapshot(Pods(6, "web", ZoneSpread(1))));

        plan.Unschedulable.Should().BeEmpty();
        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-a"] = 3, ["zone-b"] = 3 });
    }

    [Fact]
    public void Running_pods_count_so_new_ones_go_to_the_emptier_zone()
    {
        var running = new[] { Running("old-1", "web", "zone-a"), Running("old-2", "web", "zone-a"), Running("other", "db", "zone-b") };
        var plan = Solve(Snapshot(Pods(4, "web", ZoneSpread(1))) with { ScheduledPods = running });

        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-a"] = 1, ["zone-b"] = 3 }, "2 + 1 in zone-a, 0 + 3 in zone-b");
    }

    [Fact]
    public void A_zone_restricted_by_the_pods_node_affinity_is_no_domain()
    {
        var pods = Pods(4, "web", ZoneSpread(1)).Select(p => p with { RequirementTerms = [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"))] }).ToList();
        var plan = Solve(Snapshot(pods));

        plan.Unschedulable.Should().BeEmpty();
        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-b"] = 4 });
    }

    [Fact]
    public void A_preferred_zone_gives_way_where_keeping_it_would_break_the_spread()
    {
        // zone-b already has one: preferring zone-b, both new pods there would make 0 / 3; kube-scheduler
        // counts zone-a too (the pods' own terms reach it) and would leave them pending there.
        var preferB = Pods(2, "web", ZoneSpread(1)).Select(p => p with { Preferences = [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"))] }).ToList();
        var plan = Solve(Snapshot(preferB) with { ScheduledPods = [Running("old", "web", "zone-b")] });

        plan.Unschedulable.Should().BeEmpty();
        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-a"] = 2 }, "1 + 0 in zone-b, 0 + 2 in zone-a");
    }

    [Fact]
    public void A_pod_whose_volume_is_in_a_zone_the_spread_rules_out_is_reported_not_planned_there()
    {
        // Its disk is in zone-b, which already has one: kube-scheduler could place it nowhere, so a node in zone-b would stay empty.
        var inB = Labelled("web-1", "web", ZoneSpread(1)).NarrowedTo([Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"))]);
        var plan = Solve(Snapshot([inB]) with { ScheduledPods = [Running("old-1", "web", "zone-b")] });

        plan.NewClaims.Should().BeEmpty();
        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("topology spread");

        var spreadAllows = Solve(Snapshot([inB]) with { ScheduledPods = [Running("old-1", "web", "zone-a")] });
        PodsPerZone(spreadAllows).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-b"] = 1 });
    }

    [Fact]
    public void Zone_anti_affinity_to_itself_places_one_pod_per_zone_and_reports_the_rest()
    {
        var anti = new PodTopology([], [new PodAffinityTerm(App("quorum"), ["default"], TopologyKeys.Zone)], [], []);
        var plan = Solve(Snapshot(Pods(3, "quorum", anti)));

        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-a"] = 1, ["zone-b"] = 1 });
        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("zone");
    }

    [Fact]
    public void Zone_anti_affinity_of_a_running_pod_keeps_the_pods_it_selects_out_of_its_zone()
    {
        var guard = new PodTopology([], [new PodAffinityTerm(App("web"), ["default"], TopologyKeys.Zone)], [], []);
        var plan = Solve(Snapshot(Pods(3, "web", null)) with { ScheduledPods = [Running("guard", "guard", "zone-a", guard)] });

        plan.NewClaims.Should().NotBeEmpty().And.OnlyContain(c => c.Zones.SequenceEqual(new[] { "zone-b" }));
    }

    [Fact]
    public void Zone_anti_affinity_of_a_running_pod_keeps_out_only_the_pending_pods_it_selects()
    {
        // web and api pods look alike to the solver but for their labels; only the running guard's term tells them apart.
        var guard = new PodTopology([], [new PodAffinityTerm(App("web"), ["default"], TopologyKeys.Zone)], [], []);
        var pods = Pods(3, "api", null).Concat(Pods(3, "web", null)).ToList();
        var plan = Solve(Snapshot(pods) with { ScheduledPods = [Running("guard", "guard", "zone-a", guard)] });

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Where(c => c.Pods.Any(p => p.Name.StartsWith("web", StringComparison.Ordinal)))
            .Should().NotBeEmpty().And.OnlyContain(c => c.Zones.SequenceEqual(new[] { "zone-b" }));
        plan.NewClaims.Where(c => c.Pods.Any(p => p.Name.StartsWith("api", StringComparison.Ordinal)))
            .Should().NotBeEmpty().And.OnlyContain(c => c.Zones.Contains("zone-a"), "nothing keeps the api pods out of the cheaper zone");
    }

    [Theory]
    [InlineData(1000)] // the guards are larger, so solved first anyway
    [InlineData(100)] // the web pods are larger: zone anti-affinity alone puts the guards first
    public void A_group_with_zone_anti_affinity_to_another_is_pinned_and_the_other_keeps_out_of_its_zone(int guardMilliCpu)
    {
        // The web pods have no rule of their own: only the guards' term keeps them apart.
        var guard = new PodTopology([], [new PodAffinityTerm(App("web"), ["default"], TopologyKeys.Zone)], [], []);
        var guards = Pods(2, "guard", guard).Select(p => p with { Requests = p.Requests with { MilliCpu = guardMilliCpu } });
        var plan = Solve(Snapshot([.. guards, .. Pods(3, "web", null)]));

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().OnlyContain(c => c.Pods.All(p => p.Name.StartsWith("guard", StringComparison.Ordinal)) || c.Pods.All(p => p.Name.StartsWith("web", StringComparison.Ordinal)));
        var guardZones = plan.NewClaims.Where(c => c.Pods.Any(p => p.Name.StartsWith("guard", StringComparison.Ordinal))).SelectMany(c => c.Zones).Distinct().ToList();
        var webZones = plan.NewClaims.Where(c => c.Pods.Any(p => p.Name.StartsWith("web", StringComparison.Ordinal))).SelectMany(c => c.Zones).Distinct().ToList();
        guardZones.Should().ContainSingle("the guards stay together in one zone");
        webZones.Should().NotBeEmpty().And.NotContain(guardZones);
    }

    [Fact]
    public void Without_a_reachable_zone_pods_take_the_ordinary_placement_onto_an_in_flight_claim_of_unknown_zone()
    {
        // Only the in-flight claim carries the label the pods select, and it has no zone label yet:
        // neither the zone-spread group nor the group without zone rules has a zone to be shared over.
        var dedicated = Term(NodeSelectorRequirement.In("dedicated", "batch"));
        var pods = Pods(2, "web", ZoneSpread(1)).Concat(Pods(2, "cache", null)).Select(p => p with { RequirementTerms = [dedicated] }).ToList();
        var claim = new InFlightClaim("claim-0", "default", new Dictionary<string, string> { ["dedicated"] = "batch" }, [], new Core.Resources.ResourceAmounts(2000, 2048 * MiB, 0, 10), []);
        var plan = Solve(Snapshot(pods, inFlight: [claim]));

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().BeEmpty();
        plan.OnInFlight.Should().HaveCount(4).And.OnlyContain(p => p.ClaimName == "claim-0");
    }

    [Fact]
    public void Zone_affinity_to_running_pods_keeps_the_pods_in_their_zone()
    {
        var near = new PodTopology([], [], [new PodAffinityTerm(App("db"), ["default"], TopologyKeys.Zone)], []);
        var plan = Solve(Snapshot(Pods(3, "web", near)) with { ScheduledPods = [Running("db-0", "db", "zone-b")] });

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().NotBeEmpty().And.OnlyContain(c => c.Zones.SequenceEqual(new[] { "zone-b" }));
    }

    [Fact]
    public void Zone_affinity_with_no_matching_pod_anywhere_is_unschedulable_unless_the_pod_matches_itself()
    {
        var toDb = new PodTopology([], [], [new PodAffinityTerm(App("db"), ["default"], TopologyKeys.Zone)], []);
        var toSelf = new PodTopology([], [], [new PodAffinityTerm(App("web"), ["default"], TopologyKeys.Zone)], []);

        Solve(Snapshot(Pods(2, "cache", toDb))).Unschedulable.Should().HaveCount(2);
        var together = Solve(Snapshot(Pods(3, "web", toSelf)));
        together.Unschedulable.Should().BeEmpty();
        together.NewClaims.SelectMany(c => c.Zones).Distinct().Should().ContainSingle("the first pod picks the zone, the rest follow it");
    }

    [Fact]
    public void Zone_spread_and_one_per_node_combine()
    {
        var both = new PodTopology([], [new PodAffinityTerm(App("web"), ["default"], TopologyKeys.Hostname)], [], [new TopologySpreadConstraint(1, TopologyKeys.Zone, App("web"), "default")]);
        var plan = Solve(Snapshot(Pods(4, "web", both)));

        plan.NewClaims.Should().HaveCount(4).And.OnlyContain(c => c.Pods.Count == 1);
        PodsPerZone(plan).Should().BeEquivalentTo(new Dictionary<string, int> { ["zone-a"] = 2, ["zone-b"] = 2 });
    }

    [Fact]
    public void Running_pods_without_zone_rules_leave_the_plan_as_before()
    {
        var pods = Pods(8, "web", null);
        var running = new[] { Running("old-1", "web", "zone-a") };

        Render(Solve(Snapshot(pods) with { ScheduledPods = running })).Should().Be(Render(Solve(Snapshot(pods))));
    }

    [Fact]
    public void Zone_pinned_pods_planned_again_go_back_onto_their_in_flight_claims()
    {
        var claims = new[] { "zone-a", "zone-b" }.Select((z, i) => new InFlightClaim($"claim-{i}", "default",
            new Dictionary<string, string> { [WellKnownLabels.Zone] = z }, [], new Core.Resources.ResourceAmounts(500, 512 * MiB, 0, 2), [])).ToList();
        var plan = Solve(Snapshot(Pods(4, "web", ZoneSpread(1)), inFlight: claims));

        plan.NewClaims.Should().BeEmpty();
        plan.OnInFlight.GroupBy(p => p.ClaimName).Should().HaveCount(2).And.OnlyContain(g => g.Count() == 2);
    }
}
