using System.Globalization;
using SchedulerExtender.Alibaba.Ecs.Models;
using static SchedulerExtender.Alibaba.Ecs.EcsJson;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>Regions, zones, instance types, stock and prices.</summary>
public sealed partial class EcsClient
{
    public async Task<IReadOnlyList<EcsRegion>> DescribeRegionsAsync(CancellationToken cancellationToken)
    {
        var root = await InvokeAsync("DescribeRegions", new EcsParameters().Items, cancellationToken).ConfigureAwait(false);
        return [.. Items(root, "Regions", "Region").Select(r => new EcsRegion(Str(r, "RegionId"), Str(r, "LocalName"), Str(r, "RegionEndpoint")))];
    }

    public async Task<IReadOnlyList<EcsZone>> DescribeZonesAsync(CancellationToken cancellationToken)
    {
        var root = await InvokeAsync("DescribeZones", new EcsParameters().Add("RegionId", RegionId).Items, cancellationToken).ConfigureAwait(false);
        return [.. Items(root, "Zones", "Zone").Select(z => new EcsZone(Str(z, "ZoneId"), Str(z, "LocalName")))];
    }

    /// <summary>One page of DescribeInstanceTypes (NextToken paging), optionally for given types.</summary>
    public async Task<EcsPage<EcsInstanceType>> DescribeInstanceTypesAsync(IReadOnlyList<string>? instanceTypes, string? nextToken, int maxResults, CancellationToken cancellationToken)
    {
        var parameters = new EcsParameters().AddList("InstanceTypes", instanceTypes).Add("NextToken", nextToken).Add("MaxResults", maxResults);
        var root = await InvokeAsync("DescribeInstanceTypes", parameters.Items, cancellationToken).ConfigureAwait(false);
        var items = Items(root, "InstanceTypes", "InstanceType").Select(t => new EcsInstanceType(
            Str(t, "InstanceTypeId"), Str(t, "InstanceTypeFamily"), Int(t, "CpuCoreCount"), Num(t, "MemorySize"),
            Str(t, "CpuArchitecture"), Int(t, "GPUAmount"))).ToList();
        return new EcsPage<EcsInstanceType>(items, NullIfEmpty(Str(root, "NextToken")), items.Count);
    }

    /// <summary>Every page of DescribeInstanceTypes.</summary>
    public async Task<IReadOnlyList<EcsInstanceType>> DescribeAllInstanceTypesAsync(IReadOnlyList<string>? instanceTypes, CancellationToken cancellationToken)
    {
        var all = new List<EcsInstanceType>();
        string? token = null;
        do
        {
            var page = await DescribeInstanceTypesAsync(instanceTypes, token, 100, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);

        return all;
    }

    /// <summary>
    /// DescribeAvailableResource for instance types (pay-as-you-go): which types have stock in which
    /// zones, for spot (SpotAsPriceGo) or on-demand (NoSpot).
    /// </summary>
    public async Task<IReadOnlyList<ResourceStock>> DescribeAvailableResourceAsync(SpotStrategy spotStrategy, string? zoneId, string? instanceType, CancellationToken cancellationToken)
    {
        var parameters = new EcsParameters()
            .Add("RegionId", RegionId).Add("DestinationResource", "InstanceType").Add("InstanceChargeType", "PostPaid")
            .Add("SpotStrategy", spotStrategy.ToString()).Add("ZoneId", zoneId).Add("InstanceType", instanceType);
        var root = await InvokeAsync("DescribeAvailableResource", parameters.Items, cancellationToken).ConfigureAwait(false);
        return [.. from zone in Items(root, "AvailableZones", "AvailableZone")
                   from resource in Items(zone, "AvailableResources", "AvailableResource")
                   where Str(resource, "Type") == "InstanceType"
                   from supported in Items(resource, "SupportedResources", "SupportedResource")
                   select new ResourceStock(Str(zone, "ZoneId"), Str(supported, "Value"), Str(supported, "Status"), Str(supported, "StatusCategory"))];
    }

    /// <summary>DescribeSpotPriceHistory for one type (VPC, I/O optimized, Linux), every zone unless one is given; all pages.</summary>
    public async Task<IReadOnlyList<SpotPricePoint>> DescribeSpotPriceHistoryAsync(string instanceType, string? zoneId, DateTimeOffset? startTime, CancellationToken cancellationToken)
    {
        var all = new List<SpotPricePoint>();
        var offset = 0;
        while (true)
        {
            var parameters = new EcsParameters()
                .Add("RegionId", RegionId).Add("InstanceType", instanceType).Add("NetworkType", "vpc").Add("IoOptimized", "optimized")
                .Add("ZoneId", zoneId).Add("StartTime", startTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Add("Offset", offset == 0 ? null : offset);
            var root = await InvokeAsync("DescribeSpotPriceHistory", parameters.Items, cancellationToken).ConfigureAwait(false);
            var page = Items(root, "SpotPrices", "SpotPriceType").Select(p => new SpotPricePoint(
                Str(p, "ZoneId"), Str(p, "InstanceType"), Num(p, "SpotPrice"), Num(p, "OriginPrice"), Time(p, "Timestamp"))).ToList();
            all.AddRange(page);
            var next = Int(root, "NextOffset");
            if (page.Count == 0 || next <= offset)
            {
                return all;
            }

            offset = next;
        }
    }

    /// <summary>DescribePrice of one pay-as-you-go instance per hour (spot when a strategy other than NoSpot is given).</summary>
    public async Task<PriceQuote> DescribePriceAsync(string instanceType, string? zoneId, SpotStrategy spotStrategy, CancellationToken cancellationToken)
    {
        var parameters = new EcsParameters()
            .Add("RegionId", RegionId).Add("ResourceType", "instance").Add("InstanceType", instanceType).Add("ZoneId", zoneId)
            .Add("PriceUnit", "Hour").Add("SpotStrategy", spotStrategy == SpotStrategy.NoSpot ? null : spotStrategy.ToString());
        var root = await InvokeAsync("DescribePrice", parameters.Items, cancellationToken).ConfigureAwait(false);
        var price = root.TryGetProperty("PriceInfo", out var info) && info.TryGetProperty("Price", out var p) ? p : default;
        return price.ValueKind == System.Text.Json.JsonValueKind.Object
            ? new PriceQuote(Num(price, "OriginalPrice"), Num(price, "DiscountPrice"), Num(price, "TradePrice"), Str(price, "Currency"))
            : throw new EcsApiException("DescribePrice", "InvalidResponse", "PriceInfo.Price is missing", Str(root, "RequestId"), 200);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
