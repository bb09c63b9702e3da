using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Local.Simulation;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Tests.Simulation;

/// <summary>
/// The lower bound's properties on a hand-checked instance: two instance types whose allocatable
/// is their whole size (so the arithmetic can be done by hand), a node cost of 0.1/h (the disk).
/// </summary>
public sealed class LowerBoundTests
{
    private const double Disk = 0.1;

    // 4 vCPU / 8 GiB: spot 1.0, on-demand 2.0. 2 vCPU / 4 GiB: spot 0.4, on-demand 0.9.
    private static readonly InstanceType Large = Type("ecs.t.xlarge", 4, 8, spot: 1.0, onDemand: 2.0);
    private static readonly InstanceType Small = Type("ecs.t.large", 2, 4, spot: 0.4, onDemand: 0.9);

    // One hour: a driver of 1 core / 1 GiB and three executors of 1.5 cores / 1 GiB.
    private static readonly Workload OneHour = Job(executors: 3, durationSeconds: 3600);

    [Fact]
    public void It_never_exceeds_the_optimal_schedule_of_a_hand_checked_instance()
    {
        // The best real schedule: the driver on an on-demand small node (0.9 + 0.1), each executor
        // alone on a spot small node (1.5 cores do not fit twice in 2; 0.4 + 0.1 each): 2.5 for the
        // hour. (A large node holds two executors, or the driver and two executors on-demand, for
        // 1.1 or 2.1 plus a small node for the rest: 1.6 + 1.0 or 2.1 + 0.5, both dearer.)
        const double optimal = 2.5;

        var bound = Bound(OneHour, [Large, Small]);

        bound.Should().BeLessThanOrEqualTo(optimal);
        // Fractional shares alone (α = 1 is the best weight) give executors 3 × 0.5 × 1.5/2 and the
        // driver 1.0 × 1/2 = 1.625. With whole pods no node holds more than one executor per 0.5/h
        // (small spot: one; large spot: two for 1.1), so an executor-hour is worth 0.5 and the
        // driver's 0.5 (two per small on-demand node): 2.0, the only loss being the half node the
        // driver leaves empty, which a bound over pod-hours cannot see.
        bound.Should().BeGreaterThan(1.625).And.BeApproximately(2.0, 0.01);
    }

    [Fact]
    public void A_pod_is_never_priced_on_an_offering_it_does_not_fit_on()
    {
        // 1 vCPU / 2 GiB at 0.01/h spot: a tiny share of it would be the cheapest, but the 1.5-core
        // executors do not fit, and it sells no on-demand for the driver.
        var tiny = new InstanceType("ecs.t.small", "ecs.t", "amd64", 1, 2, 0, [new Offering("z1", CapacityType.Spot, 0.01)]);

        Bound(OneHour, [Large, Small, tiny]).Should().BeApproximately(Bound(OneHour, [Large, Small]), 1e-12);
    }

    [Fact]
    public void Drivers_are_priced_on_on_demand_offerings_only()
    {
        var driverOnly = Job(executors: 1, durationSeconds: 3600, executorMilliCpu: 1, executorMemoryMiB: 1);
        var cheapSpot = Type("ecs.t.large", 2, 4, spot: 0.001, onDemand: 0.9);

        // The driver's on-demand share (1.0 × 1/2) stays; the spot price only lowers the 1-millicore executor.
        Bound(driverOnly, [cheapSpot]).Should().BeGreaterThanOrEqualTo(0.5);
    }

    [Fact]
    public void It_grows_with_the_work_and_the_node_cost_and_falls_with_more_offerings()
    {
        var types = new[] { Large, Small };
        var bound = Bound(OneHour, types);

        Bound(Job(executors: 4, durationSeconds: 3600), types).Should().BeGreaterThan(bound);
        Bound(Job(executors: 3, durationSeconds: 7200), types).Should().BeApproximately(2 * bound, 1e-9);
        Bound(OneHour, types, nodeCost: 0.3).Should().BeGreaterThan(bound);
        Bound(OneHour, [Large]).Should().BeGreaterThanOrEqualTo(bound);
        Bound(OneHour, [Small]).Should().BeGreaterThanOrEqualTo(bound);
    }

    [Fact]
    public void It_holds_where_summing_each_pods_largest_share_would_not()
    {
        // A CPU-heavy executor and a memory-heavy driver fill one 2 vCPU / 4 GiB on-demand node
        // together: the optimum is that node, 1.0 for the hour. Each pod's larger share (0.95 of the
        // CPU, 0.75 of the memory) would sum to 1.7: not a floor.
        var complementary = new Workload("pair", [new SparkApplication(0, "a", "default", 100, 3072, 1, 1900, 1024, 3600)]);
        var onDemandOnly = new InstanceType("ecs.t.large", "ecs.t", "amd64", 2, 4, 0, [new Offering("z1", CapacityType.OnDemand, 0.9)]);

        Bound(complementary, [onDemandOnly]).Should().BeLessThanOrEqualTo(1.0 + 1e-9).And.BeGreaterThan(0.95);
    }

    [Fact]
    public void Node_pool_requirements_limit_the_offerings_it_prices()
    {
        var spotOnly = new NodePool("spot", new Dictionary<string, string>(),
            [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot")], [], [], TimeSpan.FromHours(720),
            new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "c"), NodePoolLimits.None, 0,
            new Disruption(ConsolidationPolicy.WhenEmpty, TimeSpan.Zero, []));
        var config = new ProvisioningConfig([spotOnly], []);

        // No on-demand offering is allowed: the driver cannot run and adds nothing; each executor
        // takes a small spot node (0.5/h), as in the best schedule.
        var bound = LowerBound.Cost(OneHour, [Large, Small], config, WholeNode, Disk);

        bound.Should().BeApproximately(3 * 0.5, 1e-6);
    }

    private static double Bound(Workload workload, IReadOnlyList<InstanceType> types, double nodeCost = Disk) =>
        LowerBound.Cost(workload, types, new ProvisioningConfig([], []), WholeNode, nodeCost);

    private static ResourceAmounts WholeNode(InstanceType type) =>
        new((long)(type.Vcpu * 1000), (long)(type.MemoryMiB * 1024 * 1024), 0, 110);

    private static InstanceType Type(string name, double vcpu, double memoryGiB, double spot, double onDemand) =>
        new(name, "ecs.t", "amd64", vcpu, memoryGiB, 0,
            [new Offering("z1", CapacityType.Spot, spot), new Offering("z1", CapacityType.OnDemand, onDemand)]);

    private static Workload Job(int executors, double durationSeconds, long executorMilliCpu = 1500, long executorMemoryMiB = 1024) =>
        new("job", [new SparkApplication(0, "job", "default", 1000, 1024, executors, executorMilliCpu, executorMemoryMiB, durationSeconds)]);
}
