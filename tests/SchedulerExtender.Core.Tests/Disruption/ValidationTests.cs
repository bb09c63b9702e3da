using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// A command decided at <see cref="DisruptionBuilders.Now"/> is checked again on a later snapshot,
/// after the validation delay (15 s). Each row changes the cluster in between.
/// </summary>
public sealed class ValidationTests
{
    private static readonly DateTimeOffset Later = Now.AddSeconds(15);

    /// <summary>"a" can go onto "host" (which keeps a running driver); "dear" can be replaced by a smaller node.</summary>
    private static ClusterNode[] Cluster() =>
    [
        Node("a", pods: Pod("p")),
        Node("host", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv")),
    ];

    public static TheoryData<string, Func<ClusterNode[], ClusterNode[]>, DateTimeOffset, string?> Rows => new()
    {
        // name, change to the cluster, validation time, reason expected (null: valid)
        { "nothing changed", n => n, Later, null },
        { "too early", n => n, Later.AddSeconds(-1), "too early" },
        { "the node is gone", n => [n[1]], Later, "node a is gone" },
        { "a pod landed on the node", n => [n[0] with { Pods = [.. n[0].Pods, Pod("new")], LastPodEventAt = Now.AddSeconds(5) }, n[1]], Later, "pods changed on node a" },
        { "the node was annotated", n => [n[0] with { DoNotDisrupt = true }, n[1]], Later, "node a: node is annotated karpenter.sh/do-not-disrupt" },
        { "the node is being reclaimed", n => [n[0] with { ReclaimNoticeAt = Now.AddSeconds(10) }, n[1]], Later, "node a is being disrupted, reclaimed" },
        { "the budget is used up", n => [.. n, Node("going") with { Disrupting = true }], Later, "nodepool default: disruption budget allows no more Underutilized" },
        { "the host filled up", n => [n[0], n[1] with { Pods = [.. n[1].Pods, Pod("big", 2.5)] }], Later, "the pods no longer fit on the other nodes without a replacement" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Revalidates_a_delete(string name, Func<ClusterNode[], ClusterNode[]> change, DateTimeOffset at, string? reason)
    {
        var pool = Pool(budgets: [Budget("1")]);
        var command = Plan(Snapshot(Cluster(), [pool])).Commands.Should().ContainSingle().Subject;
        Render(command).Should().Be("Underutilized delete a");

        var result = DisruptionPlanner.Validate(command, Snapshot(change(Cluster()), [pool]), Types, at);

        result.IsValid.Should().Be(reason is null, name);
        result.Reason.Should().StartWith(reason ?? "still valid", name);
    }

    [Fact]
    public void A_replacement_that_is_no_longer_needed_is_planned_again()
    {
        var dear = Node("dear", "ecs.c7.2xlarge", pods: Pod("p"));
        var command = Plan(Snapshot([dear])).Commands.Should().ContainSingle().Subject;
        command.IsDelete.Should().BeFalse();

        DisruptionPlanner.Validate(command, Snapshot([dear]), Types, Later).IsValid.Should().BeTrue();

        var roomAppeared = Node("new", "ecs.c7.xlarge", CapacityType.OnDemand, pods: Driver("drv"));
        DisruptionPlanner.Validate(command, Snapshot([dear, roomAppeared]), Types, Later)
            .Should().Be(CommandValidation.Invalid("the pods now fit without a replacement: plan again"));
    }

    [Fact]
    public void A_replacement_no_longer_cheaper_is_invalid()
    {
        var dear = Node("dear", "ecs.c7.2xlarge", pods: Pod("p"));
        var command = Plan(Snapshot([dear])).Commands.Should().ContainSingle().Subject;

        var cheapNow = dear with { PricePerHour = 0.04 };
        var result = DisruptionPlanner.Validate(command, Snapshot([cheapNow]), Types, Later);

        result.IsValid.Should().BeFalse();
        result.Reason.Should().Contain("no replacement is cheaper");
    }
}
