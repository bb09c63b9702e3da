using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>Builders for solver inputs: a small hand-made catalogue, pools and pods.</summary>
internal static class SolverBuilders
{
    public const long MiB = 1024 * 1024;
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Four types in zones a and b; spot is 20-25 % of on-demand, zone a is cheaper.</summary>
    public static IReadOnlyList<InstanceType> SmallCatalog() =>
    [
        Type("ecs.c7.large", "amd64", 2, 4, spotA: 0.050, spotB: 0.060, onDemand: 0.20),
        Type("ecs.c7.xlarge", "amd64", 4, 8, spotA: 0.090, spotB: 0.100, onDemand: 0.40),
        Type("ecs.c7.2xlarge", "amd64", 8, 16, spotA: 0.160, spotB: 0.170, onDemand: 0.80),
        Type("ecs.g8y.large", "arm64", 2, 8, spotA: 0.070, spotB: 0.080, onDemand: 0.25),
    ];

    public static InstanceType Type(string name, string arch, double vcpu, double memGiB, double spotA, double spotB, double onDemand) =>
        new(name, InstanceType.FamilyOf(name), arch, vcpu, memGiB, 0,
        [
            new Offering("zone-a", CapacityType.Spot, spotA),
            new Offering("zone-b", CapacityType.Spot, spotB),
            new Offering("zone-a", CapacityType.OnDemand, onDemand),
            new Offering("zone-b", CapacityType.OnDemand, onDemand),
        ]);

    public static NodePool Pool(
        string name = "default",
        int weight = 0,
        IReadOnlyList<NodeSelectorRequirement>? requirements = null,
        IReadOnlyList<Taint>? taints = null,
        NodePoolLimits? limits = null,
        IReadOnlyDictionary<string, string>? labels = null) =>
        new(name, labels ?? new Dictionary<string, string>(),
            requirements ?? [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand")],
            taints ?? [], [], TimeSpan.FromHours(720), new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "default"),
            limits ?? NodePoolLimits.None, weight, Core.Config.Disruption.Default);

    public static PendingPod Pod(
        string name,
        double cpu = 1,
        long memMiB = 896,
        SparkRole role = SparkRole.Executor,
        IReadOnlyList<RequirementSet>? terms = null,
        IReadOnlyList<PodToleration>? tolerations = null) =>
        new(new PodReference("default", name), new ResourceAmounts((long)(cpu * 1000), memMiB * MiB, 0, 1), terms ?? [], tolerations ?? [], role);

    public static IReadOnlyList<PendingPod> Executors(int count, double cpu = 1, long memMiB = 896, IReadOnlyList<RequirementSet>? terms = null) =>
        [.. Enumerable.Range(1, count).Select(i => Pod($"exec-{i:D3}", cpu, memMiB, SparkRole.Executor, terms))];

    public static RequirementSet Term(params NodeSelectorRequirement[] requirements) => RequirementSet.From(requirements);

    public static ProvisioningSnapshot Snapshot(
        IReadOnlyList<PendingPod> pods,
        IReadOnlyList<NodePool>? pools = null,
        IReadOnlyList<InFlightClaim>? inFlight = null,
        ResourceAmounts daemonSets = default,
        IReadOnlyList<UnavailableOffering>? unavailable = null) =>
        new(pods, inFlight ?? [], [.. (pools ?? [Pool()]).Select(p => new NodePoolState(p, ResourceAmounts.Zero) { DaemonSetOverhead = daemonSets })], unavailable ?? []);

    public static LaunchPlan Solve(ProvisioningSnapshot snapshot, IReadOnlyList<InstanceType>? catalog = null, SolverOptions? options = null) =>
        Solver.Solve(snapshot, catalog ?? SmallCatalog(), Now, options);

    /// <summary>The plan as text: equal plans render equal.</summary>
    public static string Render(LaunchPlan plan) => string.Join("\n",
        plan.OnInFlight.Select(p => $"inflight {p.Pod} -> {p.ClaimName}")
            .Concat(plan.NewClaims.Select(c =>
                $"claim {c.NodePool} {c.CapacityType} fallback={c.OnDemandFallback} zones={string.Join(",", c.Zones)} pods={string.Join(",", c.Pods)} " +
                $"candidates={string.Join(",", c.Candidates.Select(x => $"{x.InstanceType}@{x.Offering.Zone}/{x.Offering.CapacityType}"))}"))
            .Concat(plan.Unschedulable.Select(u => $"unschedulable {u.Pod}: {u.Reason}")));
}
