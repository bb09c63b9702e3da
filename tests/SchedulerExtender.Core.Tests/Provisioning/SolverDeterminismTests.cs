using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class SolverDeterminismTests
{
    [Fact]
    public void The_same_input_in_any_order_gives_the_same_plan()
    {
        var pods = Workload();
        // Two types at identical prices: a tie only a full ordering breaks the same way every time.
        var catalog = SmallCatalog().Append(Type("ecs.c7a.2xlarge", "amd64", 8, 16, 0.160, 0.170, 0.80)).ToList();
        var pools = new[] { Pool("a"), Pool("b") };

        var reference = Render(Solve(Snapshot(pods, pools), catalog));
        var reordered = Render(Solve(Snapshot([.. Enumerable.Reverse(pods)], [.. pools.Reverse()]), [.. Enumerable.Reverse(catalog)]));
        var again = Render(Solve(Snapshot(pods, pools), catalog));

        reordered.Should().Be(reference);
        again.Should().Be(reference);
        reference.Should().Contain("claim a").And.NotContain("claim b");
    }

    [Fact]
    public void A_solve_after_another_with_the_same_pool_target_honours_the_pools_current_limits()
    {
        // The same catalogue instance, pool name, requirements and pod shape: the second solve
        // reuses the launch options built for the first, and must still apply its own pool's limits.
        var catalog = SmallCatalog();
        var pods = Executors(6);
        var unlimited = Solve(Snapshot(pods, [Pool("a")]), catalog);
        var limitedPool = Pool("a", limits: new NodePoolLimits(4000, null, null, null));
        var limited = Solve(Snapshot(pods, [limitedPool]), catalog);
        var fresh = Solve(Snapshot(pods, [limitedPool]), [.. catalog]);

        unlimited.NewClaims.SelectMany(c => c.Candidates).Should().Contain(c => c.InstanceType == "ecs.c7.2xlarge");
        limited.NewClaims.Should().NotBeEmpty().And.OnlyContain(c => c.NodePool == "a");
        limited.NewClaims.SelectMany(c => c.Candidates).Should().OnlyContain(c => c.InstanceType != "ecs.c7.2xlarge");
        Render(limited).Should().Be(Render(fresh));
    }

    private static List<PendingPod> Workload()
    {
        var pods = new List<PendingPod>();
        var spot = new[] { Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, CapacityTypes.SpotLabelValue)) };
        for (var app = 0; app < 5; app++)
        {
            pods.Add(Pod($"app{app}-driver", cpu: 1, memMiB: 896, role: SparkRole.Driver));
            for (var e = 0; e < 9; e++)
            {
                pods.Add(Pod($"app{app}-exec-{e}", cpu: 1 + (app % 2), memMiB: 896 + (app * 512), terms: spot));
            }
        }

        return pods;
    }
}
