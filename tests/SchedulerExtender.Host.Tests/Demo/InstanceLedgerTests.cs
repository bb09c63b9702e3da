using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Host.Demo;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Demo;

/// <summary>The ledger keeps released instances (the emulator forgets them) and the node each became.</summary>
public sealed class InstanceLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Remembers_the_node_and_marks_an_instance_released_when_it_is_no_longer_listed()
    {
        var ledger = new InstanceLedger();
        var a = Instance("i-a");
        var b = Instance("i-b");

        ledger.Observe([a, b], new Dictionary<string, string>(), Start.AddMinutes(1));
        ledger.Observe([a, b], new Dictionary<string, string> { ["i-a"] = "node-a" }, Start.AddMinutes(2));
        ledger.Observe([b], new Dictionary<string, string>(), Start.AddMinutes(3));
        ledger.Observe([b], new Dictionary<string, string>(), Start.AddMinutes(4));

        ledger.Instances.Should().HaveCount(2);
        ledger.Instances.Single(i => i.InstanceId == "i-a").Should().Match<LaunchedInstance>(i => i.NodeName == "node-a" && i.ReleasedAt == Start.AddMinutes(3));
        ledger.Instances.Single(i => i.InstanceId == "i-b").ReleasedAt.Should().BeNull();
        ledger.Instances.Single(i => i.InstanceId == "i-a").HoursUntil(Start.AddHours(5)).Should().BeApproximately(3.0 / 60, 1e-9);
    }

    private static EmulatedInstance Instance(string id) =>
        new(id, "cn-shenzhen", "cn-shenzhen-c", "ecs.c7.large", CapacityType.Spot, "SpotAsPriceGo", "m-1", "vsw-1", "sg-1", id, "", new Dictionary<string, string>(), Start);
}
