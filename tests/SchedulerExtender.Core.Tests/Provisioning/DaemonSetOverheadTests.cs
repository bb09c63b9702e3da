using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class DaemonSetOverheadTests
{
    private static readonly Taint SparkOnly = new("dedicated", "spark", "NoSchedule");
    private static readonly NodeSelectorRequirement SpotOnly = NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot");
    private static readonly NodeSelectorRequirement OnDemandOnly = NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand");

    public enum PoolKind { Plain, Tainted, PreferNoScheduleTaint, StartupTainted, Labelled, OnDemand, Spot }

    public static TheoryData<string, PoolKind, RequirementSet[], PodToleration[], bool> Cases() => new()
    {
        // case, pool, the DaemonSet pod's terms (OR; nodeSelector already in each), tolerations, runs on a new node of the pool
        { "no constraints, untainted pool", PoolKind.Plain, [], [], true },
        { "pool taint not tolerated", PoolKind.Tainted, [], [], false },
        { "pool taint tolerated by key and value", PoolKind.Tainted, [], [new PodToleration("dedicated", "Equal", "spark", "NoSchedule")], true },
        { "pool taint tolerated by another value: no", PoolKind.Tainted, [], [new PodToleration("dedicated", "Equal", "web", "NoSchedule")], false },
        { "tolerate everything (empty key, Exists)", PoolKind.Tainted, [], [new PodToleration(null, "Exists")], true },
        { "PreferNoSchedule never keeps it off", PoolKind.PreferNoScheduleTaint, [], [], true },
        { "startup taint ignored: it goes away", PoolKind.StartupTainted, [], [], true },
        { "nodeSelector matches the pool's label", PoolKind.Labelled, [Term(NodeSelectorRequirement.In("team", "spark"))], [], true },
        { "nodeSelector on another value of the pool's label", PoolKind.Labelled, [Term(NodeSelectorRequirement.In("team", "web"))], [], false },
        { "nodeSelector conflicts with the pool's capacity type", PoolKind.OnDemand, [Term(SpotOnly)], [], false },
        { "spot selector on a spot pool", PoolKind.Spot, [Term(SpotOnly)], [], true },
        { "spot selector on a pool allowing spot and on-demand: compatible", PoolKind.Plain, [Term(SpotOnly)], [], true },
        { "well-known key the pool leaves open (os)", PoolKind.Spot, [Term(NodeSelectorRequirement.In(WellKnownLabels.Os, "linux"))], [], true },
        { "well-known key the pool leaves open (zone)", PoolKind.Spot, [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"))], [], true },
        { "custom key the pool never sets (a GPU DaemonSet)", PoolKind.Plain, [Term(NodeSelectorRequirement.In("gpu", "true"))], [], false },
        { "another pool's name", PoolKind.Plain, [Term(NodeSelectorRequirement.In(WellKnownLabels.NodePool, "gpu"))], [], false },
        { "its own pool's name", PoolKind.Plain, [Term(NodeSelectorRequirement.In(WellKnownLabels.NodePool, "default"))], [], true },
        { "affinity In including the pool's value", PoolKind.Labelled, [Term(NodeSelectorRequirement.In("team", "web", "spark"))], [], true },
        { "affinity NotIn the pool's only capacity type", PoolKind.Spot, [Term(NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, "spot"))], [], false },
        { "affinity NotIn another value", PoolKind.Spot, [Term(NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, "on-demand"))], [], true },
        { "affinity NotIn a custom key the pool never sets", PoolKind.Plain, [Term(NodeSelectorRequirement.NotIn("gpu", "true"))], [], true },
        { "affinity Exists on the pool's label", PoolKind.Labelled, [Term(Op("team", RequirementOperator.Exists))], [], true },
        { "affinity Exists on a custom key the pool never sets", PoolKind.Plain, [Term(Op("gpu", RequirementOperator.Exists))], [], false },
        { "affinity DoesNotExist on the pool's label", PoolKind.Labelled, [Term(Op("team", RequirementOperator.DoesNotExist))], [], false },
        { "affinity DoesNotExist on a custom key", PoolKind.Plain, [Term(Op("gpu", RequirementOperator.DoesNotExist))], [], true },
        { "one of two terms compatible", PoolKind.OnDemand, [Term(SpotOnly), Term(OnDemandOnly)], [], true },
        { "compatible selector, taint not tolerated", PoolKind.Tainted, [Term(NodeSelectorRequirement.In(WellKnownLabels.Os, "linux"))], [], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_a_daemonset_where_its_pod_could_run(string because, PoolKind kind, RequirementSet[] terms, PodToleration[] tolerations, bool runs)
    {
        var daemonSet = new DaemonSetPod("kube-system/agent", new ResourceAmounts(100, 64 * MiB, 0, 1), terms, tolerations);

        DaemonSetOverhead.RunsOn(PoolOf(kind), daemonSet).Should().Be(runs, because);
        DaemonSetOverhead.For(PoolOf(kind), [daemonSet]).Should().Be(runs ? new ResourceAmounts(100, 64 * MiB, 0, 1) : ResourceAmounts.Zero, because);
    }

    [Fact]
    public void Sums_the_daemonsets_that_run_one_pod_slot_each()
    {
        DaemonSetPod[] daemonSets =
        [
            new("kube-system/cni", new ResourceAmounts(250, 200 * MiB, 0, 0), [], [new PodToleration(null, "Exists")]),
            new("kube-system/logs", new ResourceAmounts(100, 128 * MiB, 1024 * MiB, 1), [], []),
            new("kube-system/spot-handler", new ResourceAmounts(50, 32 * MiB, 0, 1), [Term(SpotOnly)], []),
            new("gpu/driver", new ResourceAmounts(500, 512 * MiB, 0, 1), [Term(NodeSelectorRequirement.In("gpu", "true"))], []),
        ];

        DaemonSetOverhead.For(PoolOf(PoolKind.Spot), daemonSets).Should().Be(new ResourceAmounts(400, 360 * MiB, 1024 * MiB, 3));
        DaemonSetOverhead.For(PoolOf(PoolKind.OnDemand), daemonSets).Should().Be(new ResourceAmounts(350, 328 * MiB, 1024 * MiB, 2));
        DaemonSetOverhead.For(PoolOf(PoolKind.Tainted), daemonSets).Should().Be(new ResourceAmounts(250, 200 * MiB, 0, 1), "only the CNI tolerates every taint");
        DaemonSetOverhead.For(PoolOf(PoolKind.Plain), []).Should().Be(ResourceAmounts.Zero);
    }

    [Fact]
    public void A_spot_only_daemonset_is_reserved_on_the_spot_pools_nodes_and_not_on_the_on_demand_pools()
    {
        var spot = Pool("spot", requirements: [SpotOnly]);
        var onDemand = Pool("on-demand", requirements: [OnDemandOnly]);
        // A spot-interruption handler that no spot node runs yet: 1 CPU, so an 8-vCPU node keeps room for 6 executors, not 7.
        DaemonSetPod[] daemonSets = [new("kube-system/spot-handler", new ResourceAmounts(1000, 0, 0, 1), [Term(SpotOnly)], [])];
        var pods = Enumerable.Range(1, 7).Select(i => Pod($"exec-{i}", terms: [Term(SpotOnly)]))
            .Concat(Enumerable.Range(1, 7).Select(i => Pod($"web-{i}", role: SparkRole.None, terms: [Term(OnDemandOnly)])))
            .ToList();
        var snapshot = new ProvisioningSnapshot(pods, [],
            [.. new[] { spot, onDemand }.Select(p => new NodePoolState(p, ResourceAmounts.Zero) { DaemonSetOverhead = DaemonSetOverhead.For(p, daemonSets) })], []);

        var plan = Solve(snapshot);

        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Where(c => c.NodePool == "spot").Select(c => c.Pods.Count).Should().Equal([6, 1], "each spot node keeps a CPU for the handler");
        plan.NewClaims.Where(c => c.NodePool == "on-demand").Select(c => c.Pods.Count).Should().Equal([7], "on-demand nodes never run it");
    }

    private static NodePool PoolOf(PoolKind kind) => kind switch
    {
        PoolKind.Plain => Pool(),
        PoolKind.Tainted => Pool(taints: [SparkOnly]),
        PoolKind.PreferNoScheduleTaint => Pool(taints: [SparkOnly with { Effect = "PreferNoSchedule" }]),
        PoolKind.StartupTainted => Pool() with { StartupTaints = [SparkOnly] },
        PoolKind.Labelled => Pool(labels: new Dictionary<string, string> { ["team"] = "spark" }),
        PoolKind.OnDemand => Pool(requirements: [OnDemandOnly]),
        PoolKind.Spot => Pool(requirements: [SpotOnly]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static NodeSelectorRequirement Op(string key, RequirementOperator op) => new(key, op, []);
}
