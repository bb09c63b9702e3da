using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class SolverCapacityTypeTests
{
    public static TheoryData<SparkRole, string?, CapacityType, bool> Cases() => new()
    {
        // role, the pod's capacity-type requirement, capacity type planned, on-demand fallback
        { SparkRole.Driver, null, CapacityType.OnDemand, false },
        { SparkRole.Driver, "NotIn spot", CapacityType.OnDemand, false },
        { SparkRole.Executor, "In spot", CapacityType.Spot, false },
        { SparkRole.Executor, null, CapacityType.Spot, true },
        { SparkRole.Executor, "In on-demand", CapacityType.OnDemand, false },
        { SparkRole.None, null, CapacityType.Spot, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Capacity_type_follows_role_and_affinity(SparkRole role, string? requirement, CapacityType expected, bool fallback)
    {
        var terms = requirement is null ? null : new[] { Term(Parse(requirement)) };
        var plan = Solve(Snapshot([Pod("p", role: role, terms: terms)]));

        plan.Unschedulable.Should().BeEmpty();
        var claim = plan.NewClaims.Should().ContainSingle().Subject;
        claim.CapacityType.Should().Be(expected);
        claim.OnDemandFallback.Should().Be(fallback);
        var primary = claim.Candidates.TakeWhile(c => c.Offering.CapacityType == expected).ToList();
        primary.Should().NotBeEmpty();
        var rest = claim.Candidates.Skip(primary.Count).ToList();
        if (fallback)
        {
            rest.Should().NotBeEmpty().And.OnlyContain(c => c.Offering.CapacityType == CapacityType.OnDemand);
        }
        else
        {
            rest.Should().BeEmpty();
        }
    }

    [Fact]
    public void An_executor_that_requires_spot_is_not_placed_in_an_on_demand_only_pool()
    {
        var pool = Pool(requirements: [NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "on-demand")]);
        var plan = Solve(Snapshot([Pod("e", terms: [Term(Parse("In spot"))])], [pool]));

        plan.NewClaims.Should().BeEmpty();
        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("karpenter.sh/capacity-type");
    }

    [Fact]
    public void A_driver_is_kept_off_spot_even_when_its_affinity_asks_for_spot()
    {
        var plan = Solve(Snapshot([Pod("d", role: SparkRole.Driver, terms: [Term(Parse("In spot"))])]));

        plan.NewClaims.Should().BeEmpty();
        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("capacity-type");
    }

    [Fact]
    public void Drivers_may_use_spot_when_the_option_is_off_and_nothing_forbids_it()
    {
        var plan = Solve(Snapshot([Pod("d", role: SparkRole.Driver)]), options: new() { DriversAvoidSpot = false });

        plan.NewClaims.Should().ContainSingle().Which.CapacityType.Should().Be(CapacityType.Spot);
    }

    private static NodeSelectorRequirement Parse(string text)
    {
        var parts = text.Split(' ');
        return parts[0] == "In"
            ? NodeSelectorRequirement.In(WellKnownLabels.CapacityType, parts[1])
            : NodeSelectorRequirement.NotIn(WellKnownLabels.CapacityType, parts[1]);
    }
}
