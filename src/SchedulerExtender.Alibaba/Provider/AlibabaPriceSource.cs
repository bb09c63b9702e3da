using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Alibaba.Provider;

/// <summary>
/// Live prices for the client's region: starts from a catalogue (built-in or a price file) and
/// refreshes per-zone spot prices (DescribeSpotPriceHistory) and stock (DescribeAvailableResource)
/// periodically. A refresh that fails — wholly or for one type — keeps the last good figures.
/// On-demand prices come from the catalogue: list prices change rarely and are not worth a call per
/// type per refresh. Lookups read an immutable snapshot and never do I/O.
/// </summary>
public sealed partial class AlibabaPriceSource : IPriceSource
{
    private readonly EcsClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile InstanceCatalog _current;

    public AlibabaPriceSource(EcsClient client, InstanceCatalog catalog, TimeProvider? time = null, ILogger<AlibabaPriceSource>? logger = null)
    {
        _client = client;
        _current = catalog;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AlibabaPriceSource>.Instance;
    }

    /// <summary>The latest snapshot (every region of the catalogue; only the client's region is refreshed).</summary>
    public InstanceCatalog Current => _current;

    public DateTimeOffset? LastRefresh { get; private set; }

    /// <summary>The current snapshot: a refresh replaces it.</summary>
    public object Version => _current;

    public Offering? Find(string instanceType, string zone, CapacityType capacityType) => _current.Find(instanceType, zone, capacityType);

    public InstanceType? FindType(string instanceType) => _current.FindType(instanceType);

    /// <summary>Refreshes spot prices and stock; returns how many types got fresh spot prices.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var region = _client.RegionId;
        var snapshot = _current;
        var stock = await StockAsync(cancellationToken).ConfigureAwait(false);
        var refreshed = 0;
        var types = new List<InstanceType>();
        foreach (var type in snapshot.TypesIn(region))
        {
            IReadOnlyDictionary<string, double>? spot = null;
            try
            {
                var points = await _client.DescribeSpotPriceHistoryAsync(type.Name, null, null, cancellationToken).ConfigureAwait(false);
                spot = points.GroupBy(p => p.ZoneId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Timestamp)!.SpotPrice);
                refreshed++;
            }
            catch (EcsApiException e)
            {
                LogTypeRefreshFailed(type.Name, e.Code);
            }

            types.Add(type with { Offerings = [.. type.Offerings.Select(o => Update(o, type.Name, spot, stock))] });
        }

        _current = new InstanceCatalog(snapshot.Regions.Select(r => new RegionCatalog(r, r == region ? types : snapshot.TypesIn(r))));
        LastRefresh = _time.GetUtcNow();
        return refreshed;
    }

    /// <summary>Refreshes every <paramref name="interval"/> until cancelled; failures are logged, never thrown.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        do
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EcsApiException or HttpRequestException)
            {
                LogRefreshFailed(e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private static Offering Update(Offering offering, string type, IReadOnlyDictionary<string, double>? spot, IReadOnlyDictionary<(string, string, CapacityType), bool>? stock)
    {
        var price = offering.CapacityType == CapacityType.Spot && spot is not null && spot.TryGetValue(offering.Zone, out var p) ? p : offering.PricePerHour;
        var available = stock is null ? offering.Available : stock.GetValueOrDefault((type, offering.Zone, offering.CapacityType), false);
        return offering with { PricePerHour = price, Available = available };
    }

    /// <summary>Stock of every (type, zone, capacity type); null when it could not be read (keep the old flags).</summary>
    private async Task<IReadOnlyDictionary<(string, string, CapacityType), bool>?> StockAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stock = new Dictionary<(string, string, CapacityType), bool>();
            foreach (var (strategy, capacity) in new[] { (SpotStrategy.NoSpot, CapacityType.OnDemand), (SpotStrategy.SpotAsPriceGo, CapacityType.Spot) })
            {
                foreach (var s in await _client.DescribeAvailableResourceAsync(strategy, null, null, cancellationToken).ConfigureAwait(false))
                {
                    stock[(s.InstanceType, s.ZoneId, capacity)] = s.Available;
                }
            }

            return stock;
        }
        catch (EcsApiException e)
        {
            LogStockRefreshFailed(e.Code);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spot prices of {InstanceType} not refreshed ({Code}); keeping the last good prices")]
    private partial void LogTypeRefreshFailed(string instanceType, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stock not refreshed ({Code}); keeping the last known availability")]
    private partial void LogStockRefreshFailed(string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price refresh failed ({Error}); keeping the last good prices")]
    private partial void LogRefreshFailed(string error);
}
