using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;
using Xunit.Abstractions;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>
/// The source article's job (spark-pi: driver and 20 executors, each 1 CPU / 896 Mi after Spark's
/// memory overhead) against the real cn-shenzhen prices, with the article's NodePool
/// (amd64, linux, spot + on-demand) and the affinity the webhook writes.
/// </summary>
public sealed class ArticleJobTests(ITestOutputHelper output)
{
    // The article's pick: ecs.e-c1m2.2xlarge (0.081) + ecs.u1-c1m2.4xlarge (0.281) spot in cn-shenzhen-f.
    private const double ArticleExecutorPricePerHour = 0.362;

    // The article's ECSNodeClass system disk (seed/nodeclass.yaml): cloud_auto, PL0, 20 GiB.
    private static readonly SystemDisk ArticleSystemDisk = new(["cloud_auto"], "PL0", 20);

    [Fact]
    public void Driver_goes_on_demand_and_executors_on_spot_no_dearer_than_the_articles_pick()
    {
        var (catalog, plan, driverClaim, executorClaims) = PlanArticleJob(SolverOptions.Default);

        catalog.Should().HaveCount(418);
        driverClaim.CapacityType.Should().Be(CapacityType.OnDemand);
        driverClaim.Candidates.Should().OnlyContain(c => c.Offering.CapacityType == CapacityType.OnDemand);
        executorClaims.Should().OnlyContain(c => c.CapacityType == CapacityType.Spot && !c.OnDemandFallback);
        executorClaims.Sum(c => c.Pods.Count).Should().Be(20);
        var executorPrice = executorClaims.Sum(c => c.PricePerHour);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"executors: {executorPrice:0.000} CNY/h (article: {ArticleExecutorPricePerHour:0.000})"));
        executorPrice.Should().BeLessThanOrEqualTo(ArticleExecutorPricePerHour);
        executorClaims.SelectMany(c => c.Candidates).Should().OnlyContain(c => catalog.Single(t => t.Name == c.InstanceType).Architecture == "amd64");
        plan.Unschedulable.Should().BeEmpty();
    }

    [Fact]
    public void With_the_articles_system_disk_executors_share_nodes()
    {
        var options = SolverOptions.Default.WithNodeClass(new EcsNodeClass("defaultnodeclass", [], [], [], ArticleSystemDisk, new Dictionary<string, string>(), null));
        var (_, plan, driverClaim, executorClaims) = PlanArticleJob(options);

        plan.Unschedulable.Should().BeEmpty();
        driverClaim.CapacityType.Should().Be(CapacityType.OnDemand);
        executorClaims.Should().OnlyContain(c => c.CapacityType == CapacityType.Spot && !c.OnDemandFallback);
        executorClaims.Sum(c => c.Pods.Count).Should().Be(20);
        executorClaims.Count.Should().BeLessThan(20, "a node's disk costs more than the cheapest 2-vCPU spot instance, so one node per executor is not the cheapest plan");
        var instances = executorClaims.Sum(c => c.PricePerHour);
        var withDisks = instances + (executorClaims.Count * options.NodeCostPerHour);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"executors: {executorClaims.Count} nodes, instances {instances:0.000} CNY/h, with disks ({options.NodeCostPerHour:0.0000} CNY/h each) {withDisks:0.000} CNY/h"));
        instances.Should().BeLessThanOrEqualTo(ArticleExecutorPricePerHour);
    }

    private (IReadOnlyList<InstanceType> Catalog, LaunchPlan Plan, NodeClaimPlan Driver, List<NodeClaimPlan> Executors) PlanArticleJob(SolverOptions options)
    {
        var catalog = SharedPriceSnapshot.Region("cn-shenzhen");
        var pool = Pool("ecsnodepool", requirements:
        [
            NodeSelectorRequirement.In(WellKnownLabels.Arch, "amd64"),
            NodeSelectorRequirement.In(WellKnownLabels.Os, "linux"),
            NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand"),
        ]);
        var driver = Pod("spark-pi-driver", role: SparkRole.Driver,
            terms: [Term(NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue))]);
        var executors = Executors(20, terms: [Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue))]);

        var plan = Solver.Solve(Snapshot([driver, .. executors], [pool]), catalog, Now, options);

        foreach (var claim in plan.NewClaims)
        {
            var first = claim.Candidates[0];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{claim.CapacityType,-8} {first.InstanceType,-22} {first.Offering.Zone,-14} {first.Offering.PricePerHour:0.000} CNY/h  pods={claim.Pods.Count}"));
        }

        var driverClaim = plan.NewClaims.Should().ContainSingle(c => c.Pods.Any(p => p.Name == "spark-pi-driver")).Subject;
        return (catalog, plan, driverClaim, plan.NewClaims.Where(c => c != driverClaim).ToList());
    }
}
