using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>
/// A minimal test-only reader of ../shared/data's price snapshot (regions → instanceTypePrices →
/// {arch, vcpu, memory GiB, gpu, zones, onDemandPricePerHour, spotPricePerHour{zone}}). The real
/// loader lives with the Alibaba project; the integrator should switch these tests to it.
/// The file is read where it lives, never copied into the repository.
/// </summary>
internal static class SharedPriceFileForTests
{
    public const string FileName = "alibabacloud-prices-2024-06-12.json";

    public static string PathToFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchedulerExtender.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("SchedulerExtender.sln not found above " + AppContext.BaseDirectory);
        }

        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", FileName));
    }

    public static IReadOnlyList<InstanceType> Region(string region)
    {
        var root = JsonNode.Parse(File.ReadAllText(PathToFile()))!;
        var prices = root[region]?["instanceTypePrices"] as JsonObject
            ?? throw new InvalidOperationException($"region {region} not in {FileName}");
        var types = new List<InstanceType>();
        foreach (var (name, node) in prices)
        {
            var offerings = new List<Offering>();
            var onDemand = node!["onDemandPricePerHour"]!.GetValue<double>();
            foreach (var zone in node["zones"]!.AsArray().Select(z => z!.GetValue<string>()))
            {
                offerings.Add(new Offering(zone, CapacityType.OnDemand, onDemand));
            }

            if (node["spotPricePerHour"] is JsonObject spot)
            {
                foreach (var (zone, price) in spot)
                {
                    offerings.Add(new Offering(zone, CapacityType.Spot, price!.GetValue<double>()));
                }
            }

            types.Add(new InstanceType(
                name,
                InstanceType.FamilyOf(name),
                node["arch"]!.GetValue<string>(),
                node["vcpu"]!.GetValue<double>(),
                node["memory"]!.GetValue<double>(),
                node["gpu"]?.GetValue<int>() ?? 0,
                offerings));
        }

        return types;
    }
}
