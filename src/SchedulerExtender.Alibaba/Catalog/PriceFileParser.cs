using System.Text.Json;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Alibaba.Catalog;

/// <summary>
/// Reads a price list of the form
/// <c>{ region: { "instanceTypePrices": { type: { arch, vcpu, memory, gpu, zones[], onDemandPricePerHour, spotPricePerHour{zone: price} } } } }</c>
/// (memory in GiB, prices in CNY per hour) into an <see cref="InstanceCatalog"/>. Content errors are
/// reported as <see cref="FormatException"/> naming the region and type.
/// </summary>
public static class PriceFileParser
{
    public static async Task<InstanceCatalog> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return Parse(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new FormatException($"Price file {path} is not valid JSON (line {e.LineNumber + 1}).", e);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Price file {path}: {e.Message}", e);
            }
        }
    }

    public static InstanceCatalog Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The price list is not valid JSON (line {e.LineNumber + 1}).", e);
        }
    }

    private static InstanceCatalog Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The price list must be an object keyed by region.");
        }

        var regions = new List<RegionCatalog>();
        foreach (var region in root.EnumerateObject())
        {
            if (region.Value.ValueKind != JsonValueKind.Object || !region.Value.TryGetProperty("instanceTypePrices", out var prices)
                || prices.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Region {region.Name}: 'instanceTypePrices' is missing or not an object.");
            }

            var types = prices.EnumerateObject().Select(t => ReadType(region.Name, t.Name, t.Value)).ToList();
            regions.Add(new RegionCatalog(region.Name, types));
        }

        try
        {
            return new InstanceCatalog(regions);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static InstanceType ReadType(string region, string name, JsonElement e)
    {
        string Where() => $"Region {region}, instance type {name}";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{Where()}: not an object.");
        }

        double Number(string field, bool required = true)
        {
            if (e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() >= 0)
            {
                return v.GetDouble();
            }

            return required || e.TryGetProperty(field, out _)
                ? throw new FormatException($"{Where()}: '{field}' must be a non-negative number.")
                : 0;
        }

        var arch = e.TryGetProperty("arch", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new FormatException($"{Where()}: 'arch' is missing.");
        if (!e.TryGetProperty("zones", out var zones) || zones.ValueKind != JsonValueKind.Array
            || zones.EnumerateArray().Any(z => z.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(z.GetString())))
        {
            throw new FormatException($"{Where()}: 'zones' must be an array of zone names.");
        }

        // A price of 0 is no price (the snapshot has a 192-vCPU bare-metal type "on demand for 0"):
        // an offering that looked free would win every launch and every cost floor. Not offered.
        var onDemand = Number("onDemandPricePerHour");
        var offerings = zones.EnumerateArray().Select(z => new Offering(z.GetString()!, CapacityType.OnDemand, onDemand)).ToList();
        var zoneNames = offerings.Select(o => o.Zone).ToHashSet(StringComparer.Ordinal);
        if (e.TryGetProperty("spotPricePerHour", out var spot) && spot.ValueKind != JsonValueKind.Null)
        {
            if (spot.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{Where()}: 'spotPricePerHour' must be an object keyed by zone.");
            }

            foreach (var zonePrice in spot.EnumerateObject())
            {
                if (zonePrice.Value.ValueKind != JsonValueKind.Number || zonePrice.Value.GetDouble() < 0)
                {
                    throw new FormatException($"{Where()}: the spot price of zone {zonePrice.Name} must be a non-negative number.");
                }

                if (!zoneNames.Contains(zonePrice.Name))
                {
                    throw new FormatException($"{Where()}: spot price for zone {zonePrice.Name}, which is not in its 'zones'.");
                }

                // Snapshots store float32 noise (0.0820000022649765); prices are quoted to 4 places.
                offerings.Add(new Offering(zonePrice.Name, CapacityType.Spot, Math.Round(zonePrice.Value.GetDouble(), 4)));
            }
        }

        offerings.RemoveAll(o => o.PricePerHour <= 0);
        return new InstanceType(name, InstanceType.FamilyOf(name), arch, Number("vcpu"), Number("memory"), (int)Number("gpu", required: false), offerings);
    }
}
