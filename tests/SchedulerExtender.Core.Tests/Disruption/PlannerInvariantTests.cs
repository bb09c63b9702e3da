using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// Random clusters from fixed seeds (so failures reproduce): whatever the planner decides must
/// respect blockers and budgets, keep the cheaper-replacement rule, validate on the same
/// snapshot, and not depend on input order.
/// </summary>
public sealed class PlannerInvariantTests
{
    private static readonly string[] TypeNames = ["ecs.c7.large", "ecs.c7.xlarge", "ecs.c7.2xlarge"];

    private const int SeedCount = 60;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, SeedCount)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Plans_keep_the_rules(int seed)
    {
        var (nodes, pools) = RandomCluster(seed);
        var snapshot = Snapshot(nodes, pools);

        var plan = Plan(snapshot);

        var taken = plan.Commands.SelectMany(c => c.Nodes).Select(n => nodes.Single(x => x.Name == n)).ToList();
        taken.Should().OnlyHaveUniqueItems();
        taken.Should().NotContain(n => n.DoNotDisrupt || n.Disrupting || n.ReclaimNoticeAt != null);
        taken.SelectMany(n => n.Pods).Should().NotContain(p => !p.IsDaemonSet && (p.DoNotDisrupt || (p.ApplicationRunning && p.Role != SparkRole.None)),
            "blocked pods keep their node (executors wait by default)");
        foreach (var pool in pools)
        {
            var inPool = nodes.Where(n => n.NodePool == pool.Name).ToList();
            var disrupting = inPool.Count(n => n.Disrupting);
            taken.Count(n => n.NodePool == pool.Name).Should().BeLessThanOrEqualTo(
                plan.Commands.Select(c => DisruptionBudgets.Allowed(pool, inPool.Count, disrupting, c.Reason, Now)).DefaultIfEmpty(0).Max());
        }

        foreach (var command in plan.Commands)
        {
            var price = command.Nodes.Sum(n => nodes.Single(x => x.Name == n).PricePerHour);
            if (command.Reason is DisruptionReason.Underutilized or DisruptionReason.Empty)
            {
                command.Replacements.Should().HaveCountLessThanOrEqualTo(1);
                command.Replacements.SelectMany(r => r.Candidates).Where(c => c.Offering.PricePerHour >= price).Should().BeEmpty("replacements are strictly cheaper");
                command.SavingPerHour.Should().BePositive();
            }

            DisruptionPlanner.Validate(command, snapshot, Types, command.ValidateAfter).Should().Be(CommandValidation.Valid, command.ToString());
        }

        Render(Plan(Snapshot([.. nodes.Reverse()], [.. pools.Reverse()]))).Should().Be(Render(plan));
    }

    [Fact]
    public void The_random_clusters_exercise_every_kind_of_decision()
    {
        var plans = Enumerable.Range(1, SeedCount).Select(RandomCluster).Select(c => Plan(Snapshot(c.Nodes, c.Pools))).ToList();

        plans.Should().Contain(p => p.Interruptions.Count > 0);
        plans.SelectMany(p => p.Commands).Select(c => (c.Reason, c.IsDelete)).Distinct().Should().HaveCountGreaterThanOrEqualTo(4);
        plans.SelectMany(p => p.Blocked).Should().NotBeEmpty();
    }

    private static (ClusterNode[] Nodes, NodePool[] Pools) RandomCluster(int seed)
    {
        var random = new Random(seed);
        NodePool[] pools =
        [
            Pool("a", budgets: [Budget(random.Next(2) == 0 ? "1" : "50%")]),
            Pool("b", policy: random.Next(2) == 0 ? ConsolidationPolicy.WhenEmpty : ConsolidationPolicy.WhenEmptyOrUnderutilized, budgets: [Budget("2")]),
        ];
        return ([.. Enumerable.Range(0, random.Next(1, 7)).Select(i => RandomNode(random, i))], pools);
    }

    private static ClusterNode RandomNode(Random random, int i)
    {
        var pods = Enumerable.Range(0, random.Next(0, 4)).Select(j => RandomPod(random, $"p{i}-{j}")).ToArray();
        var node = Node($"n{i}", TypeNames[random.Next(TypeNames.Length)], random.Next(3) == 0 ? CapacityType.OnDemand : CapacityType.Spot,
            random.Next(2) == 0 ? "a" : "b", pods);
        return random.Next(8) switch
        {
            0 => node with { DoNotDisrupt = true },
            1 => node with { Disrupting = true },
            2 => node with { Drifted = true },
            3 => node with { ReclaimNoticeAt = Now },
            _ => node,
        };
    }

    private static ClusterPod RandomPod(Random random, string name) => random.Next(7) switch
    {
        0 => Driver(name, running: random.Next(2) == 0),
        1 or 2 => Executor(name, cpu: 0.5 + random.Next(6) * 0.5, running: random.Next(2) == 0),
        3 => DaemonSet(name),
        4 => Pod(name) with { DoNotDisrupt = true },
        _ => Pod(name, cpu: 0.5 + random.Next(6) * 0.5),
    };
}
