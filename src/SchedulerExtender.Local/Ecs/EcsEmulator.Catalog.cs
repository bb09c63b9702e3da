using System.Globalization;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Ecs;

/// <summary>Regions, zones, instance types, stock and prices, all from the catalogue.</summary>
public sealed partial class EcsEmulator
{
    private readonly Dictionary<(string Type, string Zone), double> _spotPrices = [];

    /// <summary>Overrides the spot price of a type in a zone (a simulator moving the market).</summary>
    public void SetSpotPrice(string instanceType, string zone, double pricePerHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerHour);
        lock (_lock)
        {
            _spotPrices[(instanceType, zone)] = pricePerHour;
        }
    }

    private double? SpotPrice(string type, string zone) =>
        Options.Catalog.Find(type, zone, CapacityType.Spot) is null ? null
        : _spotPrices.TryGetValue((type, zone), out var p) ? p : Options.Catalog.Find(type, zone, CapacityType.Spot)!.PricePerHour;

    private EcsEmulatorResponse DescribeRegions() => Ok(new()
    {
        ["Regions"] = new Dictionary<string, object?>
        {
            ["Region"] = Options.Catalog.Regions.Select(r => new Dictionary<string, object?>
            {
                ["RegionId"] = r, ["LocalName"] = r, ["RegionEndpoint"] = $"ecs.{r}.aliyuncs.com", ["Status"] = "available",
            }).ToList(),
        },
    });

    private EcsEmulatorResponse DescribeZones(EcsEmulatorRequest request) => Ok(new()
    {
        ["Zones"] = new Dictionary<string, object?>
        {
            ["Zone"] = Options.Catalog.ZonesIn(request["RegionId"]!).Select(z => new Dictionary<string, object?> { ["ZoneId"] = z, ["LocalName"] = z }).ToList(),
        },
    });

    private EcsEmulatorResponse DescribeInstanceTypes(EcsEmulatorRequest request)
    {
        var wanted = request.List("InstanceTypes");
        var all = Options.Catalog.Regions.SelectMany(Options.Catalog.TypesIn).DistinctBy(t => t.Name)
            .Where(t => wanted.Count == 0 || wanted.Contains(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var start = 0;
        if (request["NextToken"] is { Length: > 0 } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            return InvalidParameter("NextToken", token);
        }

        if (request.Int("MaxResults", 100) is not { } max || max is < 1 or > 1600)
        {
            return InvalidParameter("MaxResults", request["MaxResults"]);
        }

        var page = all.Skip(start).Take(max).ToList();
        return Ok(new()
        {
            ["InstanceTypes"] = new Dictionary<string, object?>
            {
                ["InstanceType"] = page.Select(t => new Dictionary<string, object?>
                {
                    ["InstanceTypeId"] = t.Name,
                    ["InstanceTypeFamily"] = t.Family,
                    ["CpuCoreCount"] = (int)t.Vcpu,
                    ["MemorySize"] = t.MemoryGiB, // DescribeInstanceTypes reports GiB.
                    ["CpuArchitecture"] = t.Architecture == "arm64" ? "ARM" : "X86",
                    ["GPUAmount"] = t.Gpu,
                }).ToList(),
            },
            ["NextToken"] = start + page.Count < all.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : "",
        });
    }

    private EcsEmulatorResponse DescribeAvailableResource(EcsEmulatorRequest request)
    {
        var capacity = CapacityOf(request["SpotStrategy"]);
        var zones = Options.Catalog.ZonesIn(request["RegionId"]!).Where(z => request["ZoneId"] is not { Length: > 0 } only || z == only);
        var types = Options.Catalog.TypesIn(request["RegionId"]!).Where(t => request["InstanceType"] is not { Length: > 0 } only || t.Name == only).ToList();
        var answer = new List<Dictionary<string, object?>>();
        foreach (var zone in zones)
        {
            var supported = types.Where(t => Options.Catalog.Find(t.Name, zone, capacity) is not null).Select(t =>
            {
                var inStock = !_stock.TryGetValue((t.Name, zone, capacity), out var left) || left > 0;
                return new Dictionary<string, object?>
                {
                    ["Value"] = t.Name,
                    ["Status"] = inStock ? "Available" : "SoldOut",
                    ["StatusCategory"] = inStock ? "WithStock" : "WithoutStock",
                };
            }).ToList();
            if (supported.Count == 0)
            {
                continue;
            }

            answer.Add(new()
            {
                ["ZoneId"] = zone,
                ["RegionId"] = request["RegionId"],
                ["Status"] = "Available",
                ["StatusCategory"] = supported.Any(s => (string?)s["Status"] == "Available") ? "WithStock" : "WithoutStock",
                ["AvailableResources"] = new Dictionary<string, object?>
                {
                    ["AvailableResource"] = new[]
                    {
                        new Dictionary<string, object?>
                        {
                            ["Type"] = "InstanceType",
                            ["SupportedResources"] = new Dictionary<string, object?> { ["SupportedResource"] = supported },
                        },
                    },
                },
            });
        }

        return Ok(new() { ["AvailableZones"] = new Dictionary<string, object?> { ["AvailableZone"] = answer } });
    }

    private EcsEmulatorResponse DescribeSpotPriceHistory(EcsEmulatorRequest request)
    {
        if (request["InstanceType"] is not { Length: > 0 } typeName || request["NetworkType"] is not { Length: > 0 })
        {
            return Error(400, "MissingParameter", "The input parameters \"InstanceType\" and \"NetworkType\" are mandatory.");
        }

        var type = Options.Catalog.FindType(request["RegionId"]!, typeName);
        var onDemand = type?.Offerings.FirstOrDefault(o => o.CapacityType == CapacityType.OnDemand)?.PricePerHour ?? 0;
        var hour = new DateTimeOffset(Now.Year, Now.Month, Now.Day, Now.Hour, 0, 0, TimeSpan.Zero);
        var points = (type?.Offerings ?? []).Where(o => o.CapacityType == CapacityType.Spot)
            .Where(o => request["ZoneId"] is not { Length: > 0 } only || o.Zone == only)
            .Select(o => new Dictionary<string, object?>
            {
                ["ZoneId"] = o.Zone,
                ["InstanceType"] = typeName,
                ["IoOptimized"] = "optimized",
                ["NetworkType"] = "vpc",
                ["Timestamp"] = hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["SpotPrice"] = SpotPrice(typeName, o.Zone),
                ["OriginPrice"] = onDemand,
            }).ToList();
        return Ok(new() { ["SpotPrices"] = new Dictionary<string, object?> { ["SpotPriceType"] = points }, ["NextOffset"] = 0, ["Currency"] = "CNY" });
    }

    private EcsEmulatorResponse DescribePrice(EcsEmulatorRequest request)
    {
        if (Options.Catalog.FindType(request["RegionId"]!, request["InstanceType"] ?? "") is not { } type)
        {
            return Error(400, "InvalidInstanceType.ValueNotSupported", $"The specified InstanceType {request["InstanceType"]} does not exist.");
        }

        var capacity = CapacityOf(request["SpotStrategy"]);
        var prices = type.Offerings.Where(o => o.CapacityType == capacity && (request["ZoneId"] is not { Length: > 0 } z || o.Zone == z))
            .Select(o => capacity == CapacityType.Spot ? SpotPrice(type.Name, o.Zone)!.Value : o.PricePerHour).ToList();
        if (prices.Count == 0)
        {
            return Error(403, "Zone.NotOnSale", $"{type.Name} is not on sale as {request["SpotStrategy"] ?? "NoSpot"} there.");
        }

        var price = prices.Min();
        return Ok(new()
        {
            ["PriceInfo"] = new Dictionary<string, object?>
            {
                ["Price"] = new Dictionary<string, object?> { ["OriginalPrice"] = price, ["DiscountPrice"] = 0.0, ["TradePrice"] = price, ["Currency"] = "CNY" },
                ["Rules"] = new Dictionary<string, object?> { ["Rule"] = Array.Empty<object>() },
            },
        });
    }
}
