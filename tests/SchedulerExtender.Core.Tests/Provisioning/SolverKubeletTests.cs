using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>A pool plans with the allocatable its node class's kubeletConfiguration gives, not the solver's global reservation.</summary>
public sealed class SolverKubeletTests
{
    private static IReadOnlyList<PendingPod> Tiny(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Pod($"tiny-{i:D2}", cpu: 0.01, memMiB: 16))];

    private static ProvisioningSnapshot WithKubelet(ProvisioningSnapshot snapshot, KubeletConfiguration? kubelet) =>
        snapshot with { NodePools = [.. snapshot.NodePools.Select(p => p with { Kubelet = kubelet })] };

    [Fact]
    public void MaxPods_of_the_node_class_bounds_the_pods_per_node()
    {
        var without = Solve(Snapshot(Tiny(10)));
        var with = Solve(WithKubelet(Snapshot(Tiny(10)), new KubeletConfiguration { MaxPods = 4 }));

        without.NewClaims.Select(c => c.Pods.Count).Should().Equal(10);
        with.Unschedulable.Should().BeEmpty();
        with.NewClaims.Select(c => c.Pods.Count).Should().Equal(4, 4, 2);
    }

    [Fact]
    public void PodsPerCore_bounds_the_pods_per_node_by_its_vcpus()
    {
        // podsPerCore 1: a 2-vCPU node holds 2 pods, an 8-vCPU one 8; 10 tiny pods need 8 + 2.
        var plan = Solve(WithKubelet(Snapshot(Tiny(10)), new KubeletConfiguration { PodsPerCore = 1 }));

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Sum(c => c.Pods.Count).Should().Be(10);
        plan.NewClaims.Should().HaveCountGreaterThan(1).And.OnlyContain(c => c.Pods.Count <= 8);
    }

    [Fact]
    public void A_large_system_reservation_makes_a_bigger_type_chosen()
    {
        // 1.5 CPU fits a 2-vCPU node after ACK's 70m, not after 1 CPU of systemReserved: 4 vCPU it is.
        var pod = new[] { Pod("driver", cpu: 1.5, memMiB: 1024) };
        var reserved = new KubeletConfiguration { SystemReserved = new Dictionary<string, string> { ["cpu"] = "1" } };

        var without = Solve(Snapshot(pod));
        var with = Solve(WithKubelet(Snapshot(pod), reserved));

        without.NewClaims.Single().Candidates[0].InstanceType.Should().Be("ecs.c7.large");
        var candidates = with.NewClaims.Single().Candidates.Select(c => c.InstanceType).ToList();
        candidates[0].Should().Be("ecs.c7.xlarge");
        candidates.Should().NotContain(["ecs.c7.large", "ecs.g8y.large"]);
    }

    [Fact]
    public void Each_pool_of_a_tier_plans_with_its_own_node_class()
    {
        // Two pools of equal weight: one class keeps 4 pods a node, the other the default 110.
        var limited = Pool("limited");
        var open = Pool("open");
        var snapshot = Snapshot(Tiny(10), [limited, open]);
        snapshot = snapshot with
        {
            NodePools = [.. snapshot.NodePools.Select(p => p.Pool.Name == "limited" ? p with { Kubelet = new KubeletConfiguration { MaxPods = 4 } } : p)],
        };

        var plan = Solve(snapshot);

        // The open pool hosts all 10 on one node: cheaper than three 4-pod nodes.
        plan.NewClaims.Should().ContainSingle().Which.NodePool.Should().Be("open");
    }

    [Fact]
    public void Zone_domains_count_room_under_the_pools_own_reservation()
    {
        // The 2-vCPU type is sold only in zone-b, the 8-vCPU one only in zone-a. With 1900m of CPU
        // reserved the 2-vCPU node has no room for a 250m pod, so zone-b is no domain for a spread:
        // every pod goes to zone-a rather than half of them being refused in zone-b.
        IReadOnlyList<InstanceType> catalog =
        [
            new("ecs.c7.large", "ecs.c7", "amd64", 2, 4, 0, [new Offering("zone-b", CapacityType.Spot, 0.05), new Offering("zone-b", CapacityType.OnDemand, 0.2)]),
            new("ecs.c7.2xlarge", "ecs.c7", "amd64", 8, 16, 0, [new Offering("zone-a", CapacityType.Spot, 0.16), new Offering("zone-a", CapacityType.OnDemand, 0.8)]),
        ];
        var spread = new PodTopology([], [], [], [new TopologySpreadConstraint(1, TopologyKeys.Zone, RequirementSet.FromLabels([KeyValuePair.Create("app", "web")]), "default")]);
        var pods = Enumerable.Range(1, 4)
            .Select(i => Pod($"web-{i}", cpu: 0.25, memMiB: 256) with { Labels = new Dictionary<string, string> { ["app"] = "web" }, Topology = spread })
            .ToList();
        var reserved = new KubeletConfiguration { SystemReserved = new Dictionary<string, string> { ["cpu"] = "1900m" } };

        var plan = Solve(WithKubelet(Snapshot(pods), reserved), catalog);

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().NotBeEmpty().And.OnlyContain(c => c.Zones.SequenceEqual(new[] { "zone-a" }));
        plan.NewClaims.Sum(c => c.Pods.Count).Should().Be(4);
    }

    [Fact]
    public void Without_kubelet_settings_the_plan_is_what_it_was()
    {
        var pods = Executors(20);

        Render(Solve(WithKubelet(Snapshot(pods), KubeletConfiguration.Empty))).Should().Be(Render(Solve(Snapshot(pods))));
    }

    [Fact]
    public void A_pools_reservation_applies_the_class_on_top_of_the_solvers()
    {
        var state = new NodePoolState(Pool(), ResourceAmounts.Zero) { Kubelet = new KubeletConfiguration { MaxPods = 30 } };
        var options = SolverOptions.Default with { Reservation = NodeReservation.Ack with { VmMemoryOverheadFraction = 0.10 } };

        var reservation = state.ReservationUnder(options);

        reservation.MaxPods.Should().Be(30);
        reservation.VmMemoryOverheadFraction.Should().Be(0.10);
        (state with { Kubelet = null }).ReservationUnder(options).Should().BeSameAs(options.Reservation);
    }
}
