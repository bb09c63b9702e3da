namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// Instance types, zones and prices of one or more regions. Knows which region a zone belongs to
/// from the data itself (every type lists its zones per region), never by cutting zone names.
/// Spot offerings without a measured interruption rate get <see cref="SpotInterruption"/>'s
/// documented default. Immutable: a refreshed price list is a new catalogue.
/// </summary>
public sealed class InstanceCatalog : IPriceSource
{
    private readonly Dictionary<string, RegionCatalog> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _regionByZone = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Region, string Type), InstanceType> _typesByRegion = [];
    private readonly Dictionary<string, InstanceType> _typesAcrossRegions = new(StringComparer.Ordinal);

    // By type, then zone. Nested string-keyed maps rather than one map keyed by a (type, zone,
    // capacity type) tuple: the extender looks up a price for every node of every scoring call,
    // and a tuple key is hashed with the randomized string hash of both names, several times slower
    // than the string-keyed map's own.
    private readonly Dictionary<string, Dictionary<string, ZoneOfferings>> _offerings = new(StringComparer.Ordinal);

    public InstanceCatalog(IEnumerable<RegionCatalog> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        foreach (var region in regions)
        {
            AddRegion(region);
        }

        foreach (var group in _typesByRegion.Values.GroupBy(t => t.Name, StringComparer.Ordinal))
        {
            // One entry per type name across regions: same shape, offerings of every region. Zone
            // names are unique across regions, so offerings never collide.
            var first = group.First();
            _typesAcrossRegions[group.Key] = first with { Offerings = group.SelectMany(t => t.Offerings).ToArray() };
        }
    }

    public static InstanceCatalog Empty { get; } = new([]);

    /// <summary>Regions in the order they were given.</summary>
    public IReadOnlyList<string> Regions => [.. _regions.Keys];

    /// <summary>Every zone of the region that any type is sold in, sorted; empty for an unknown region.</summary>
    public IReadOnlyList<string> ZonesIn(string region) =>
        [.. _regionByZone.Where(kv => kv.Value == region).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    /// <summary>The region a zone belongs to, or null when the catalogue does not know the zone.</summary>
    public string? RegionOf(string zone) => _regionByZone.GetValueOrDefault(zone);

    /// <summary>The types sold in the region with their offerings there; empty for an unknown region.</summary>
    public IReadOnlyList<InstanceType> TypesIn(string region) =>
        _regions.TryGetValue(region, out var catalog) ? catalog.Types : [];

    /// <summary>The type as sold in one region, or null.</summary>
    public InstanceType? FindType(string region, string instanceType) =>
        _typesByRegion.GetValueOrDefault((region, instanceType));

    /// <inheritdoc />
    /// <remarks>With the offerings of every region that sells it.</remarks>
    public InstanceType? FindType(string instanceType) => _typesAcrossRegions.GetValueOrDefault(instanceType);

    /// <inheritdoc />
    /// <remarks>The catalogue itself: it never changes.</remarks>
    public object Version => this;

    /// <inheritdoc />
    public Offering? Find(string instanceType, string zone, CapacityType capacityType) =>
        _offerings.TryGetValue(instanceType, out var zones) && zones.TryGetValue(zone, out var offerings)
            ? capacityType == CapacityType.Spot ? offerings.Spot : offerings.OnDemand
            : null;

    private void AddRegion(RegionCatalog region)
    {
        if (string.IsNullOrWhiteSpace(region.Region))
        {
            throw new ArgumentException("A region catalogue has no region name.", nameof(region));
        }

        if (_regions.ContainsKey(region.Region))
        {
            throw new ArgumentException($"Region {region.Region} is listed twice.", nameof(region));
        }

        var types = new List<InstanceType>(region.Types.Count);
        foreach (var type in region.Types)
        {
            if (_typesByRegion.ContainsKey((region.Region, type.Name)))
            {
                throw new ArgumentException($"Region {region.Region}: instance type {type.Name} is listed twice.", nameof(region));
            }

            var normalized = type with { Offerings = type.Offerings.Select(WithDefaultRisk).ToArray() };
            foreach (var offering in normalized.Offerings)
            {
                ClaimZone(region.Region, type.Name, offering.Zone);
                AddOffering(type.Name, offering);
            }

            _typesByRegion[(region.Region, type.Name)] = normalized;
            types.Add(normalized);
        }

        _regions[region.Region] = region with { Types = types };
    }

    private void AddOffering(string type, Offering offering)
    {
        if (!_offerings.TryGetValue(type, out var zones))
        {
            _offerings[type] = zones = new Dictionary<string, ZoneOfferings>(StringComparer.Ordinal);
        }

        var known = zones.GetValueOrDefault(offering.Zone);
        zones[offering.Zone] = offering.CapacityType == CapacityType.Spot ? known with { Spot = offering } : known with { OnDemand = offering };
    }

    private void ClaimZone(string region, string type, string zone)
    {
        if (_regionByZone.TryGetValue(zone, out var owner) && owner != region)
        {
            throw new ArgumentException($"Region {region}: instance type {type} lists zone {zone}, which belongs to region {owner}.");
        }

        _regionByZone[zone] = region;
    }

    private static Offering WithDefaultRisk(Offering offering) =>
        offering with { InterruptionRate = SpotInterruption.RateOrDefault(offering) };

    private readonly record struct ZoneOfferings(Offering? OnDemand, Offering? Spot);
}
