using System.Diagnostics;
using System.Globalization;
using SchedulerExtender.Alibaba.Catalog;
using SchedulerExtender.Bench.Results;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Bench.Solver;

/// <summary>
/// The solver on a burst of pending Spark pods against every cn-shenzhen instance type of the
/// shared price snapshot: 100 applications (a driver and 49 executors each, 5,000 pods) in a
/// spread of shapes, 80 % of them with executors required on spot and 20 % free to fall back,
/// with DaemonSet overhead, a few offerings in the no-stock cache and the article's ECSNodeClass
/// system disk (cloud_auto, 20 GiB) priced into every node. Prints pods per second.
/// Usage: solver [--prices FILE] [--region R] [--runs N]
/// </summary>
public static class SolverBenchmark
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static BenchmarkFigures? Run(string[] args)
    {
        var prices = Option(args, "--prices") ?? Path.Combine("..", "shared", "data", "alibabacloud-prices-2024-06-12.json");
        var region = Option(args, "--region") ?? "cn-shenzhen";
        var runs = int.Parse(Option(args, "--runs") ?? "20", CultureInfo.InvariantCulture);
        if (!File.Exists(prices))
        {
            Console.Error.WriteLine($"price file not found: {prices} (pass --prices)");
            return null;
        }

        var catalog = PriceFileParser.Parse(File.ReadAllText(prices)).TypesIn(region);
        if (catalog.Count == 0)
        {
            Console.Error.WriteLine($"region {region} is not in {prices}");
            return null;
        }

        var snapshot = Workload(catalog);
        var options = SolverOptions.Default.WithNodeClass(ArticleNodeClass);
        Console.WriteLine($"{snapshot.Pods.Count} pending pods, {catalog.Count} instance types ({region}), {runs} timed runs after 3 warm-up runs");

        LaunchPlan plan = null!;
        for (var i = 0; i < 3; i++)
        {
            plan = Core.Provisioning.Solver.Solve(snapshot, catalog, Now, options);
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            plan = Core.Provisioning.Solver.Solve(snapshot, catalog, Now, options);
            times.Add(sw.Elapsed.TotalMilliseconds);
            Console.Write(i + 1 == runs ? $"{i + 1} runs\n" : $"{i + 1} ");
        }

        times.Sort();
        var median = times[times.Count / 2];
        var podsPerSecond = snapshot.Pods.Count / (median / 1000);
        var spotClaims = plan.NewClaims.Count(c => c.CapacityType == CapacityType.Spot);
        var withDisks = plan.NewClaimsPricePerHour + (plan.NewClaims.Count * options.NodeCostPerHour);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plan: {plan.NewClaims.Count} new claims ({spotClaims} spot), {plan.Unschedulable.Count} unschedulable, {plan.NewClaimsPricePerHour:0.00} CNY/h instances, {withDisks:0.00} CNY/h with system disks"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solve: median {median:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {podsPerSecond:0} pods/s (aim: >= 5000)"));
        var name = string.Create(CultureInfo.InvariantCulture, $"{snapshot.Pods.Count:N0} pods, {catalog.Count} {region} types");
        return new BenchmarkFigures(
            [BenchmarkCase.Of(name,
                ("medianMs", median), ("minMs", times[0]), ("maxMs", times[^1]), ("podsPerSecond", podsPerSecond),
                ("newClaims", plan.NewClaims.Count), ("spotClaims", spotClaims), ("unschedulable", plan.Unschedulable.Count),
                ("instancesCnyPerHour", plan.NewClaimsPricePerHour), ("withDisksCnyPerHour", withDisks))],
            [Aim.AtLeast(5, "solver throughput, 5,000 pending Spark pods against every cn-shenzhen type", podsPerSecond, 5_000, "pods/s")],
            string.Create(CultureInfo.InvariantCulture,
                $"one solve of {snapshot.Pods.Count:N0} pending Spark pods (100 applications) against all {catalog.Count} {region} instance types of the shared price snapshot with the article's ECSNodeClass; median of {runs} runs after 3 warm-up runs, in-process."));
    }

    // The article's ECSNodeClass (seed/nodeclass.yaml): only its system disk matters to the solver.
    private static EcsNodeClass ArticleNodeClass { get; } =
        new("defaultnodeclass", [], [], [], new SystemDisk(["cloud_auto"], "PL0", 20), new Dictionary<string, string>(), null);

    private static ProvisioningSnapshot Workload(IReadOnlyList<InstanceType> catalog)
    {
        var spot = RequirementSet.From([NodeSelectorRequirement.In(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue)]);
        var notSpot = RequirementSet.From([NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue)]);
        var cpus = new[] { 1.0, 2.0, 4.0, 0.5 };
        var memories = new long[] { 896, 2048, 4505, 7168, 1408 };
        var pods = new List<PendingPod>();
        for (var app = 0; app < 100; app++)
        {
            var ns = $"team-{app % 7}";
            pods.Add(new PendingPod(new PodReference(ns, $"app-{app:D3}-driver"),
                new ResourceAmounts(1000, 1408 * MiB, 0, 1), [notSpot], [], SparkRole.Driver));
            var cpu = cpus[app % cpus.Length];
            var mem = memories[app % memories.Length];
            IReadOnlyList<RequirementSet> terms = app % 5 == 4 ? [] : [spot];
            for (var e = 1; e <= 49; e++)
            {
                pods.Add(new PendingPod(new PodReference(ns, $"app-{app:D3}-exec-{e}"),
                    new ResourceAmounts((long)(cpu * 1000), mem * MiB, 0, 1), terms, [], SparkRole.Executor));
            }
        }

        var pool = new NodePool("ecsnodepool", new Dictionary<string, string>(),
        [
            NodeSelectorRequirement.In(WellKnownLabels.Arch, "amd64"),
            NodeSelectorRequirement.In(WellKnownLabels.Os, "linux"),
            NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand"),
        ], [], [], TimeSpan.FromHours(720), new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"),
            NodePoolLimits.None, 0, Disruption.Default);
        var noStock = catalog.Where(t => t.Name.StartsWith("ecs.e-", StringComparison.Ordinal)).Take(10)
            .SelectMany(t => t.Offerings.Where(o => o.CapacityType == CapacityType.Spot).Select(o => new UnavailableOffering(t.Name, o.Zone, o.CapacityType, Now.AddMinutes(3))))
            .ToList();
        return new ProvisioningSnapshot(pods, [], [new NodePoolState(pool, ResourceAmounts.Zero) { DaemonSetOverhead = new ResourceAmounts(250, 320 * MiB, 0, 4) }], noStock);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
