using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>An <see cref="AlibabaCloudProvider"/> for cn-shenzhen wired to an emulator, and launch requests.</summary>
internal static class ProviderHarness
{
    public const string ClusterId = "demo-cluster";

    public static (AlibabaCloudProvider Provider, AlibabaPriceSource Prices, EcsClient Client) Create(EmulatorHarness h, int maxAttempts = 4)
    {
        var client = h.Client(maxAttempts: maxAttempts);
        var prices = new AlibabaPriceSource(client, BuiltInCatalog.Catalog, h.Time, h.Logs.For<AlibabaPriceSource>());
        var provider = new AlibabaCloudProvider(client, prices, new AlibabaCloudProviderOptions { ClusterId = ClusterId }, h.Time, h.Logs.For<AlibabaCloudProvider>());
        return (provider, prices, client);
    }

    /// <summary>A request for the claim with the given candidates (cheapest first), spot by default, every zone.</summary>
    public static LaunchRequest Request(string nodeClaim, CapacityType capacity = CapacityType.Spot, params string[] types)
    {
        var candidates = (types.Length == 0 ? ["ecs.g7.xlarge", "ecs.c7.2xlarge"] : types)
            .Select(t => BuiltInCatalog.Catalog.FindType("cn-shenzhen", t)!)
            .Select(t => t with { Offerings = [.. t.Offerings.OrderBy(o => o.PricePerHour).ThenBy(o => o.Zone, StringComparer.Ordinal)] })
            .ToList();
        return new LaunchRequest(
            nodeClaim,
            "ecsnodepool",
            candidates,
            capacity,
            Zones: [],
            VSwitches: [.. BuiltInCatalog.Catalog.ZonesIn("cn-shenzhen").Select(z => new VSwitchChoice($"vsw-{z}", z))],
            SecurityGroupIds: ["sg-emulator-cn-shenzhen"],
            ImageId: Local.Ecs.EcsEmulator.DefaultImageId,
            SystemDisk: new SystemDiskSpec("cloud_auto", 20, "PL0"),
            Labels: new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = capacity.ToLabelValue() },
            Taints: [],
            Tags: new Dictionary<string, string> { ["team"] = "spark" });
    }
}
