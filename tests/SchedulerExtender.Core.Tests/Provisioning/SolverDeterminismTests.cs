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
