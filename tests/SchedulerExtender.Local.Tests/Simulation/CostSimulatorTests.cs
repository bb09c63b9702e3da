using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Simulation;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Tests.Simulation;

/// <summary>The simulator end to end on small workloads with the built-in catalogue: behaviour, not figures.</summary>
public sealed class CostSimulatorTests
{
    private static readonly Workload Small = WorkloadCsv.Parse($"""
        {WorkloadCsv.Header}
        0,pi,default,1,896,20,1,896,300
        30,etl,team-a,1,1408,6,2,4505,600
        900,late,team-b,0.5,896,3,1,2048,120
        """, "small.csv");

    [Fact]
    public void Every_strategy_completes_every_job_and_ends_with_no_node_except_the_fixed_pool()
    {
        var result = Run(Small);

        result.Strategies.Select(s => s.Name).Should().Equal("this", "karpenter-default", "cluster-autoscaler", "on-demand-fixed");
        foreach (var s in result.Strategies)
        {
            s.JobsCompleted.Should().Be(3, s.Name);
            s.JobsFailed.Should().Be(0, s.Name);
            s.PodsNeverScheduled.Should().Be(0, s.Name);
            s.ExecutorsTotal.Should().BeGreaterThanOrEqualTo(29, s.Name);
            s.Cost.Should().BeGreaterThan(0, s.Name);
            s.OrphanInstances.Should().Be(0, s.Name);
        }

        var fixedPool = result.Strategies.Single(s => s.Name == "on-demand-fixed");
        fixedPool.NodesAtEnd.Should().Be(result.FixedPoolNodes).And.BePositive();
        result.Strategies.Where(s => s.Name != "on-demand-fixed").Should().OnlyContain(s => s.NodesAtEnd == 0);
    }

    [Fact]
    public void This_puts_drivers_on_on_demand_and_executors_on_spot_and_costs_less_than_on_demand_baselines()
    {
        var result = Run(Small);
        var self = result.Strategies.Single(s => s.Name == "this");

        self.DriversOnSpot.Should().Be(0);
        self.ExecutorsOnSpot.Should().Be(self.ExecutorsTotal);
        self.Cost.Should().BeLessThan(result.Strategies.Single(s => s.Name == "cluster-autoscaler").Cost);
        self.Cost.Should().BeLessThan(result.Strategies.Single(s => s.Name == "on-demand-fixed").Cost);
        self.Cost.Should().BeGreaterThan(result.LowerBoundCost);
        result.Strategies.Where(s => s.Name is "cluster-autoscaler" or "on-demand-fixed").Should().OnlyContain(s => s.ExecutorsOnSpot == 0);
    }

    [Fact]
    public void A_job_runs_its_duration_once_its_executors_run_after_the_boot_delay()
    {
        var result = Run(BuiltInWorkloads.SparkPi());
        var self = result.Strategies.Single(s => s.Name == "this");

        // Driver node boots (40 s), executor nodes boot (40 s), then 300 s of work.
        self.MakespanSeconds.Should().BeInRange(380, 400);
        self.PendingSecondsP50.Should().BeApproximately(40, 2);
    }

    [Fact]
    public void On_a_reclaim_notice_this_drains_the_node_gracefully_and_loses_no_work_while_karpenter_default_does()
    {
        var result = Run(Small, SimulationOptions.Default with { ReclaimRatePerHour = 20 });
        var self = result.Strategies.Single(s => s.Name == "this");
        var karpenter = result.Strategies.Single(s => s.Name == "karpenter-default");

        self.Interruptions.Should().BePositive();
        self.WorkLostSeconds.Should().Be(0, "executors decommission within the notice");
        self.ExecutorsTotal.Should().BeGreaterThan(29, "drained executors are re-created elsewhere");
        self.JobsCompleted.Should().Be(3);
        self.OrphanInstances.Should().Be(0);
        karpenter.Interruptions.Should().BePositive();
        karpenter.WorkLostSeconds.Should().BePositive("without notice handling the node vanishes with its executors");
        karpenter.JobsCompleted.Should().Be(3);
    }

    [Fact]
    public void Reclaimed_executors_are_replaced_and_their_lost_work_redone_and_the_seed_decides_the_reclaims()
    {
        // No notice: the instance vanishes with its pods, for every strategy.
        var options = SimulationOptions.Default with { ReclaimRatePerHour = 20, ReclaimNotice = TimeSpan.Zero };
        var first = Run(Small, options).Strategies.Single(s => s.Name == "this");
        var again = Run(Small, options).Strategies.Single(s => s.Name == "this");
        var other = Run(Small, options with { Seed = 2 }).Strategies.Single(s => s.Name == "this");

        first.Interruptions.Should().BePositive();
        first.WorkLostSeconds.Should().BePositive();
        first.JobsCompleted.Should().Be(3);
        first.DriversOnSpot.Should().Be(0);
        first.ExecutorsTotal.Should().BeGreaterThan(29, "lost executors are re-created");
        again.Should().BeEquivalentTo(first, "the same seed gives the same run");
        other.Interruptions.Should().NotBe(first.Interruptions, "another seed draws other reclaims");
    }

    private static SimulationResult Run(Workload workload, SimulationOptions? options = null) =>
        CostSimulator.Run(new SimulationInput(workload, BuiltInCatalog.Catalog, "cn-shenzhen", ArticleConfig.Create(), options ?? SimulationOptions.Default));
}
