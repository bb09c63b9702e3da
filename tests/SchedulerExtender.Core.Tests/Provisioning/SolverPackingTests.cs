using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class SolverPackingTests
{
    public static TheoryData<string, int, long, int[]> Sizes() => new()
    {
        // case, executors (1 CPU / 896 Mi), DaemonSet CPU (m), pods per claim
        // 8 vCPU keeps 90m (ACK) -> 7 pods; 4 vCPU keeps 80m -> 3; 2 vCPU keeps 70m -> 1.
        { "whole nodes, then the cheapest node for the rest", 20, 0, [7, 7, 6] },
        { "one pod takes the cheapest node that fits it", 1, 0, [1] },
        { "DaemonSets leave 6 per 8-vCPU node", 7, 1000, [6, 1] },
        { "no DaemonSets: one 8-vCPU node", 7, 0, [7] },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Packs_against_allocatable_after_reservation_and_daemonsets(string because, int executors, long daemonSetMilliCpu, int[] perClaim)
    {
        var plan = Solve(Snapshot(Executors(executors), daemonSets: new ResourceAmounts(daemonSetMilliCpu, 0, 0, 1)));

        plan.Unschedulable.Should().BeEmpty(because);
        plan.NewClaims.Select(c => c.Pods.Count).Should().Equal(perClaim, because);
        plan.NewClaims.SelectMany(c => c.Pods).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Pod_slots_bound_tiny_pods_after_daemonset_pods()
    {
        var tiny = Enumerable.Range(1, 120).Select(i => Pod($"tiny-{i:D3}", cpu: 0.01, memMiB: 16)).ToList();
        var plan = Solve(Snapshot(tiny, daemonSets: new ResourceAmounts(0, 0, 0, 4)));

        // 110 pods per node (the kubelet default ACK keeps) less 4 DaemonSet pods.
        plan.NewClaims.Select(c => c.Pods.Count).Should().Equal(106, 14);
    }

    public static TheoryData<string, long, long, int, int> Limits() => new()
    {
        // case, cpu limit (cores), cpu already in use (cores), claims, unschedulable
        { "16 cores hold two 8-vCPU nodes", 16, 0, 2, 6 },
        { "no limit", 0, 0, 3, 0 },
        { "pool already at its limit", 16, 16, 0, 20 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Honours_node_pool_limits(string because, long cpuLimit, long inUse, int claims, int unschedulable)
    {
        var pool = Pool(limits: cpuLimit == 0 ? NodePoolLimits.None : new NodePoolLimits(cpuLimit * 1000, null, null, null));
        var snapshot = Snapshot(Executors(20), [pool]) with
        {
            NodePools = [new NodePoolState(pool, new ResourceAmounts(inUse * 1000, 0, 0, 0))],
        };
        var plan = Solve(snapshot);

        plan.NewClaims.Should().HaveCount(claims, because);
        plan.Unschedulable.Should().HaveCount(unschedulable, because);
        plan.Unschedulable.Where(u => !u.Reason.Contains("nodepool default: limits reached")).Should().BeEmpty(because);
        var counted = plan.NewClaims.Sum(c => c.Candidates.Max(x => SmallCatalog().Single(t => t.Name == x.InstanceType).Vcpu));
        if (cpuLimit > 0)
        {
            (counted + inUse).Should().BeLessThanOrEqualTo(cpuLimit, because);
        }
    }

    [Fact]
    public void In_flight_capacity_is_used_first()
    {
        var labels = new Dictionary<string, string>
        {
            [WellKnownLabels.CapacityType] = "spot",
            [WellKnownLabels.Zone] = "zone-a",
            [WellKnownLabels.InstanceType] = "ecs.c7.xlarge",
            [WellKnownLabels.NodePool] = "default",
        };
        var onDemand = new Dictionary<string, string>(labels) { [WellKnownLabels.CapacityType] = "on-demand" };
        var room = new ResourceAmounts(3000, 10L * 1024 * MiB, 0, 10);
        var spotOnly = new[] { Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot")) };
        var plan = Solve(Snapshot(Executors(5, terms: spotOnly), inFlight:
        [
            new InFlightClaim("a-on-demand", "default", onDemand, [], room),
            new InFlightClaim("b-spot", "default", labels, [], room),
        ]));

        plan.OnInFlight.Should().HaveCount(3).And.OnlyContain(p => p.ClaimName == "b-spot");
        plan.NewClaims.SelectMany(c => c.Pods).Should().HaveCount(2);
    }

    [Fact]
    public void Later_groups_fill_room_left_on_claims_opened_in_the_same_solve()
    {
        var small = Enumerable.Range(1, 2).Select(i => Pod($"small-{i}", cpu: 0.5, memMiB: 512));
        var plan = Solve(Snapshot([.. Executors(8), .. small]));

        plan.NewClaims.Should().HaveCount(2);
        plan.NewClaims.Sum(c => c.Pods.Count).Should().Be(10);
    }

    [Theory]
    [InlineData(60, "zone-b")]
    [InlineData(-1, "zone-a")]
    public void Offerings_in_the_no_stock_cache_are_skipped_until_they_expire(int minutesLeft, string zone)
    {
        var unavailable = new UnavailableOffering("ecs.c7.2xlarge", "zone-a", CapacityType.Spot, Now.AddMinutes(minutesLeft));
        var plan = Solve(Snapshot(Executors(7), unavailable: [unavailable]));

        var first = plan.NewClaims.Should().ContainSingle().Subject.Candidates[0];
        first.InstanceType.Should().Be("ecs.c7.2xlarge");
        first.Offering.Zone.Should().Be(zone);
    }

    [Fact]
    public void Candidates_are_cheapest_first_and_each_hosts_the_claims_pods()
    {
        var plan = Solve(Snapshot(Executors(2, terms: [Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot"))])));

        var claim = plan.NewClaims.Should().ContainSingle().Subject;
        claim.Candidates.Select(c => c.ExpectedCostPerHour).Should().BeInAscendingOrder();
        claim.Candidates.Select(c => c.InstanceType).Should().Equal("ecs.c7.xlarge", "ecs.c7.2xlarge");
        claim.Candidates.Should().OnlyContain(c => c.Offering.CapacityType == CapacityType.Spot);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(5, false)]
    public void MinValues_widens_the_candidates_or_refuses(int minValues, bool placed)
    {
        var pool = Pool(requirements: [new NodeSelectorRequirement(WellKnownLabels.InstanceType, RequirementOperator.Exists, [], minValues)]);
        var options = new SolverOptions { MaxCandidates = 1 };
        var plan = Solve(Snapshot(Executors(1), [pool]), options: options);

        if (placed)
        {
            plan.NewClaims.Should().ContainSingle().Which.Candidates.Select(c => c.InstanceType).Distinct().Should().HaveCountGreaterThanOrEqualTo(minValues);
        }
        else
        {
            plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("minValues 5");
        }
    }
}
