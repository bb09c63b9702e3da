using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class ZoneReachTests
{
    [Theory]
    [InlineData(new[] { "zone-a", "zone-b" }, 0)]
    [InlineData(new[] { "zone-b" }, 8)] // 4 types x (spot + on-demand) in zone-a
    [InlineData(new string[0], 16)]
    public void Offerings_outside_the_vswitch_zones_are_unavailable(string[] zones, int expected)
    {
        var unreachable = ZoneReach.Unreachable(SmallCatalog(), zones.ToHashSet(), Now.AddMinutes(1));

        unreachable.Should().HaveCount(expected);
        unreachable.Where(u => zones.Contains(u.Zone) || u.Until != Now.AddMinutes(1)).Should().BeEmpty();
    }

    [Fact]
    public void The_solver_then_plans_only_in_reachable_zones()
    {
        // zone-a is cheaper everywhere in the small catalogue, but has no vSwitch.
        var unavailable = ZoneReach.Unreachable(SmallCatalog(), new HashSet<string> { "zone-b" }, Now.AddMinutes(1));

        var plan = Solve(Snapshot(Executors(6), unavailable: unavailable));

        plan.NewClaims.Should().NotBeEmpty();
        plan.NewClaims.SelectMany(c => c.Candidates).Should().OnlyContain(c => c.Offering.Zone == "zone-b");
        Solve(Snapshot(Executors(6))).NewClaims[0].Candidates[0].Offering.Zone.Should().Be("zone-a", "without the restriction the cheaper zone wins");
    }
}
