using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class SolverReasonTests
{
    [Fact]
    public void A_pod_larger_than_every_type_is_reported()
    {
        var plan = Solve(Snapshot([Pod("huge", cpu: 64)]));

        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("no instance type has room for one pod (cpu=64000m");
    }

    [Fact]
    public void Memory_alone_can_make_a_pod_fit_nowhere()
    {
        var plan = Solve(Snapshot([Pod("fat", cpu: 1, memMiB: 20 * 1024)]));

        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("no instance type has room");
    }

    [Fact]
    public void No_node_pool_is_reported()
    {
        var plan = Solve(Snapshot([Pod("p")], pools: []));

        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Be("no NodePool is configured");
    }

    [Fact]
    public void Every_offering_out_of_stock_is_reported()
    {
        var all = SmallCatalog().SelectMany(t => t.Offerings.Select(o => new UnavailableOffering(t.Name, o.Zone, o.CapacityType, Now.AddHours(1)))).ToList();
        var plan = Solve(Snapshot([Pod("p")], unavailable: all));

        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().Contain("no offering is available");
    }

    [Fact]
    public void Unavailable_flag_on_the_offering_is_honoured()
    {
        var catalog = SmallCatalog().Select(t => t with { Offerings = [.. t.Offerings.Select(o => o with { Available = o.CapacityType == CapacityType.OnDemand })] }).ToList();
        var plan = Solve(Snapshot([Pod("p")]), catalog);

        plan.NewClaims.Should().ContainSingle().Which.CapacityType.Should().Be(CapacityType.OnDemand);
    }
}
