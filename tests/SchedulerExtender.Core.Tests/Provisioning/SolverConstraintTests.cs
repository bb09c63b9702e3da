using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class SolverConstraintTests
{
    private static readonly NodeSelectorRequirement Arm = NodeSelectorRequirement.In(WellKnownLabels.Arch, "arm64");
    private static readonly NodeSelectorRequirement ZoneC = NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-c");

    public static TheoryData<string, RequirementSet[], string[]> Placed() => new()
    {
        // case, the pod's terms (OR), the instance types allowed as candidates
        { "arm64 selector", [Term(Arm)], ["ecs.g8y.large"] },
        { "first term impossible, second fits", [Term(ZoneC), Term(Arm)], ["ecs.g8y.large"] },
        { "instance type NotIn", [Term(NodeSelectorRequirement.NotIn(WellKnownLabels.InstanceType, "ecs.c7.large", "ecs.c7.xlarge", "ecs.g8y.large"))], ["ecs.c7.2xlarge"] },
        { "instance-cpu Gt 4", [Term(new NodeSelectorRequirement(WellKnownLabels.InstanceCpu, RequirementOperator.Gt, ["4"]))], ["ecs.c7.2xlarge"] },
        { "family In", [Term(NodeSelectorRequirement.In(WellKnownLabels.InstanceFamily, "ecs.g8y"))], ["ecs.g8y.large"] },
        { "custom label NotIn, absent on the pool", [Term(NodeSelectorRequirement.NotIn("team", "b"))], ["ecs.c7.large", "ecs.c7.xlarge", "ecs.c7.2xlarge", "ecs.g8y.large"] },
    };

    [Theory]
    [MemberData(nameof(Placed))]
    public void Candidates_satisfy_the_pods_affinity(string because, RequirementSet[] terms, string[] allowed)
    {
        var plan = Solve(Snapshot([Pod("p", terms: terms)]));

        plan.Unschedulable.Should().BeEmpty(because);
        plan.NewClaims.Should().ContainSingle(because).Which.Candidates.Select(c => c.InstanceType).Should().OnlyContain(t => allowed.Contains(t), because);
    }

    public static TheoryData<string, RequirementSet[], string> Refused() => new()
    {
        { "every term impossible", [Term(ZoneC), Term(NodeSelectorRequirement.In(WellKnownLabels.Arch, "s390x"))], "nodepool default" },
        { "custom label the pool does not set", [Term(NodeSelectorRequirement.In("team", "a"))], "pod requires team In [a] but the pool gives no team label" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Pods_whose_affinity_no_pool_meets_are_reported(string because, RequirementSet[] terms, string reason)
    {
        var plan = Solve(Snapshot([Pod("p", terms: terms)]));

        plan.NewClaims.Should().BeEmpty(because);
        plan.Unschedulable.Should().ContainSingle(because).Which.Reason.Should().Contain(reason, because);
    }

    [Fact]
    public void A_pool_label_satisfies_a_custom_label_requirement()
    {
        var pool = Pool(labels: new Dictionary<string, string> { ["team"] = "a" });
        var plan = Solve(Snapshot([Pod("p", terms: [Term(NodeSelectorRequirement.In("team", "a"))])], [pool]));

        plan.NewClaims.Should().ContainSingle();
    }

    [Fact]
    public void A_zone_requirement_restricts_offerings_and_zones()
    {
        var plan = Solve(Snapshot([Pod("p", terms: [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"))])]));

        var claim = plan.NewClaims.Should().ContainSingle().Subject;
        claim.Zones.Should().Equal("zone-b");
        claim.Candidates.Should().OnlyContain(c => c.Offering.Zone == "zone-b");
    }

    public static TheoryData<string, PodToleration[], bool> Tolerations() => new()
    {
        { "no toleration", [], false },
        { "Equal with the value", [new PodToleration("dedicated", "Equal", "spark", "NoSchedule")], true },
        { "Equal with another value", [new PodToleration("dedicated", "Equal", "web", "NoSchedule")], false },
        { "Exists on the key", [new PodToleration("dedicated", "Exists")], true },
        { "Exists on every key", [new PodToleration(null, "Exists")], true },
        { "other effect", [new PodToleration("dedicated", "Exists", null, "NoExecute")], false },
    };

    [Theory]
    [MemberData(nameof(Tolerations))]
    public void Pool_taints_need_a_toleration(string because, PodToleration[] tolerations, bool placed)
    {
        var pool = Pool(taints: [new Taint("dedicated", "spark", "NoSchedule")]);
        var plan = Solve(Snapshot([Pod("p", tolerations: tolerations)], [pool]));

        plan.NewClaims.Should().HaveCount(placed ? 1 : 0, because);
        if (!placed)
        {
            plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("taint dedicated=spark:NoSchedule is not tolerated", because);
        }
    }

    [Fact]
    public void PreferNoSchedule_taints_do_not_block()
    {
        var plan = Solve(Snapshot([Pod("p")], [Pool(taints: [new Taint("soft", null, "PreferNoSchedule")])]));

        plan.NewClaims.Should().ContainSingle();
    }

    [Fact]
    public void A_higher_weight_pool_is_used_even_when_dearer()
    {
        var preferred = Pool("preferred", weight: 10, requirements: [NodeSelectorRequirement.In(WellKnownLabels.InstanceType, "ecs.c7.xlarge")]);
        var plan = Solve(Snapshot(Executors(3), [Pool("cheap"), preferred]));

        var claim = plan.NewClaims.Should().ContainSingle().Subject;
        claim.NodePool.Should().Be("preferred");
        claim.Candidates.Should().OnlyContain(c => c.InstanceType == "ecs.c7.xlarge");
    }

    [Fact]
    public void A_lower_weight_pool_takes_what_the_higher_one_cannot()
    {
        var tainted = Pool("tainted", weight: 10, taints: [new Taint("dedicated", "gpu", "NoSchedule")]);
        var plan = Solve(Snapshot(Executors(3), [tainted, Pool("open")]));

        plan.NewClaims.Should().OnlyContain(c => c.NodePool == "open");
    }
}
