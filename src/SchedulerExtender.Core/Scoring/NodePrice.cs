namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// A node's offering as the scorer reads it (hourly price, expected interruption rate; null when
/// unknown), kept on a <see cref="CachedNode"/> with the price-source <paramref name="Version"/> it
/// was found in (null when it is not kept).
/// </summary>
internal sealed record NodePrice(object? Version, double? PricePerHour, double? InterruptionRate);
