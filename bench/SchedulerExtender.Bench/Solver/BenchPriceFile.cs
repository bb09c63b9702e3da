using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Bench.Solver;

/// <summary>
/// A minimal bench-only reader of ../shared/data's price snapshot (regions → instanceTypePrices →
/// {arch, vcpu, memory GiB, gpu, zones, onDemandPricePerHour, spotPricePerHour{zone}}). The real
/// loader is written with the Alibaba project; the integrator should switch the bench to it.
/// </summary>
internal static class BenchPriceFile
{
    public static IReadOnlyList<InstanceType> Region(string path, string region)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var prices = root[region]?["instanceTypePrices"] as JsonObject
            ?? throw new InvalidOperationException($"region {region} is not in {path}");
        var types = new List<InstanceType>();
        foreach (var (name, node) in prices)
        {
            var onDemand = node!["onDemandPricePerHour"]!.GetValue<double>();
            var offerings = node["zones"]!.AsArray()
                .Select(z => new Offering(z!.GetValue<string>(), CapacityType.OnDemand, onDemand))
                .ToList();
            if (node["spotPricePerHour"] is JsonObject spot)
            {
                offerings.AddRange(spot.Select(s => new Offering(s.Key, CapacityType.Spot, s.Value!.GetValue<double>())));
            }

            types.Add(new InstanceType(name, InstanceType.FamilyOf(name), node["arch"]!.GetValue<string>(),
                node["vcpu"]!.GetValue<double>(), node["memory"]!.GetValue<double>(), node["gpu"]?.GetValue<int>() ?? 0, offerings));
        }

        return types;
    }
}
