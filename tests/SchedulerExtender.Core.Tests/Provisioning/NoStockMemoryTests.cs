using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class NoStockMemoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly OfferingKey Spot = new("ecs.c7.xlarge", "zone-a", CapacityType.Spot);
    private static readonly OfferingKey OnDemand = new("ecs.c7.xlarge", "zone-a", CapacityType.OnDemand);

    [Theory]
    [InlineData(0, true)]
    [InlineData(179, true)]
    [InlineData(180, false)] // the default TTL is 3 minutes
    [InlineData(600, false)]
    public void Offerings_are_unavailable_for_the_ttl(int secondsLater, bool unavailable)
    {
        var memory = new NoStockMemory(NoStockMemory.DefaultTtl);
        memory.Remember([Spot], T0);
        var now = T0.AddSeconds(secondsLater);

        memory.IsUnavailable(Spot.InstanceType, Spot.Zone, Spot.CapacityType, now).Should().Be(unavailable);
        memory.Unavailable(now).Should().HaveCount(unavailable ? 1 : 0);
    }

    [Fact]
    public void Only_the_reported_capacity_type_is_remembered()
    {
        var memory = new NoStockMemory(TimeSpan.FromMinutes(3));
        memory.Remember([Spot], T0);

        memory.IsUnavailable(OnDemand.InstanceType, OnDemand.Zone, OnDemand.CapacityType, T0).Should().BeFalse();
        memory.Unavailable(T0).Should().Equal(new UnavailableOffering("ecs.c7.xlarge", "zone-a", CapacityType.Spot, T0.AddMinutes(3)));
    }

    [Fact]
    public void A_later_report_extends_the_ttl_and_the_list_is_sorted()
    {
        var memory = new NoStockMemory(TimeSpan.FromMinutes(3));
        var other = new OfferingKey("ecs.c7.large", "zone-b", CapacityType.Spot);
        memory.Remember([Spot, other], T0);
        memory.Remember([Spot], T0.AddMinutes(2));

        var at4 = memory.Unavailable(T0.AddMinutes(4));

        at4.Should().Equal(new UnavailableOffering("ecs.c7.xlarge", "zone-a", CapacityType.Spot, T0.AddMinutes(5)));
        var both = new NoStockMemory(TimeSpan.FromMinutes(1));
        both.Remember([Spot, other], T0);
        both.Unavailable(T0).Select(u => u.InstanceType).Should().Equal("ecs.c7.large", "ecs.c7.xlarge");
    }

    [Fact]
    public void A_report_dated_earlier_than_one_already_made_does_not_shorten_it()
    {
        // Launches running side by side report with their pass's start time, possibly after a later report.
        var memory = new NoStockMemory(TimeSpan.FromMinutes(3));
        memory.Remember([Spot], T0.AddMinutes(2));
        memory.Remember([Spot], T0);

        memory.IsUnavailable(Spot.InstanceType, Spot.Zone, Spot.CapacityType, T0.AddMinutes(4)).Should().BeTrue();
        memory.Unavailable(T0).Should().Equal(new UnavailableOffering("ecs.c7.xlarge", "zone-a", CapacityType.Spot, T0.AddMinutes(5)));
    }

    [Fact]
    public void A_non_positive_ttl_is_rejected()
    {
        var act = () => new NoStockMemory(TimeSpan.Zero);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
