using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Core.Tests.Provisioning;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// Builders for disruption planner inputs over <see cref="SolverBuilders.SmallCatalog"/> (<see cref="Types"/>): nodes
/// with the catalogue's shapes and prices, Spark pods, pools with budgets. Nodes were created two
/// hours before <see cref="Now"/> and their pods last changed an hour before it.
/// </summary>
internal static class DisruptionBuilders
{
    public static readonly DateTimeOffset Now = SolverBuilders.Now;

    public static IReadOnlyList<InstanceType> Types { get; } = SolverBuilders.SmallCatalog();

    public static ClusterNode Node(string name, string type = "ecs.c7.xlarge", CapacityType capacity = CapacityType.Spot, string pool = "default", params ClusterPod[] pods)
    {
        var shape = Types.Single(t => t.Name == type);
        var offering = shape.Offerings.First(o => o.Zone == "zone-a" && o.CapacityType == capacity);
        return new ClusterNode
        {
            Name = name,
            NodePool = pool,
            InstanceType = type,
            Zone = "zone-a",
            CapacityType = capacity,
            PricePerHour = offering.PricePerHour,
            Allocatable = new ResourceAmounts((long)(shape.Vcpu * 1000), (long)(shape.MemoryGiB * 1024) * SolverBuilders.MiB, 0, 64),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Arch] = shape.Architecture },
            CreatedAt = Now.AddHours(-2),
            LastPodEventAt = Now.AddHours(-1),
            Pods = pods,
        };
    }

    public static ClusterPod Executor(string name, double cpu = 1, long memMiB = 896, bool running = true, string app = "spark-app-1") =>
        Pod(name, cpu, memMiB) with { Role = SparkRole.Executor, ApplicationId = app, ApplicationRunning = running };

    public static ClusterPod Driver(string name, bool running = true, string app = "spark-app-1") =>
        Pod(name, 1, 896) with { Role = SparkRole.Driver, ApplicationId = app, ApplicationRunning = running };

    /// <summary>A pod that is not Spark: movable unless annotated.</summary>
    public static ClusterPod Pod(string name, double cpu = 1, long memMiB = 896) => new()
    {
        Pod = new PodReference("default", name),
        Requests = new ResourceAmounts((long)(cpu * 1000), memMiB * SolverBuilders.MiB, 0, 1),
    };

    public static ClusterPod DaemonSet(string name) => Pod(name, 0.1, 64) with { IsDaemonSet = true };

    public static NodePool Pool(
        string name = "default",
        ConsolidationPolicy policy = ConsolidationPolicy.WhenEmptyOrUnderutilized,
        TimeSpan? consolidateAfter = null,
        IReadOnlyList<DisruptionBudget>? budgets = null,
        TimeSpan? expireAfter = null,
        bool neverConsolidate = false) =>
        SolverBuilders.Pool(name) with
        {
            ExpireAfter = expireAfter,
            Disruption = new Core.Config.Disruption(policy, neverConsolidate ? null : consolidateAfter ?? TimeSpan.FromMinutes(30), budgets ?? [Budget("100%")]),
        };

    /// <summary>A budget as written in YAML: "N%" or "N", with an optional schedule, duration and reasons.</summary>
    public static DisruptionBudget Budget(string nodes, string? schedule = null, TimeSpan? duration = null, params string[] reasons) =>
        new(int.Parse(nodes.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture), nodes.EndsWith('%'), schedule, duration, reasons);

    public static ClusterSnapshot Snapshot(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<NodePool>? pools = null, IReadOnlyList<PendingPod>? pending = null) =>
        new(nodes, [.. (pools ?? [Pool()]).Select(p => new NodePoolState(p, ResourceAmounts.Zero))], [], pending ?? [], []);

    public static DisruptionPlan Plan(ClusterSnapshot snapshot, DisruptionOptions? options = null) =>
        DisruptionPlanner.Plan(snapshot, Types, Now, options);

    /// <summary>The commands as text, e.g. "Underutilized delete a,b" or "Empty replace a -> ecs.c7.large/spot": equal plans render equal.</summary>
    public static string Render(DisruptionPlan plan) => string.Join("\n",
        plan.Interruptions.Select(i => $"interrupt {i.Node} evict={string.Join(",", i.Evict.Select(p => p.Name))}")
            .Concat(plan.Commands.Select(Render)));

    public static string Render(DisruptionCommand c) =>
        $"{c.Reason} {(c.IsDelete ? "delete" : "replace")} {string.Join(",", c.Nodes)}" +
        string.Concat(c.Replacements.Select(r => $" -> {r.Candidates[0].InstanceType}/{r.Candidates[0].Offering.CapacityType.ToLabelValue()}"));
}
