namespace SchedulerExtender.Core.Catalog;

/// <summary>The instance types sold in one region, with their offerings in that region's zones.</summary>
public sealed record RegionCatalog(string Region, IReadOnlyList<InstanceType> Types);
