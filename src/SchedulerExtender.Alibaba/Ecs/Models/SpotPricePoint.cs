namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A DescribeSpotPriceHistory entry: the spot price of a type in a zone at a time.</summary>
public sealed record SpotPricePoint(string ZoneId, string InstanceType, double SpotPrice, double OriginPrice, DateTimeOffset Timestamp);
