namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// One way to buy an instance type: a zone and a capacity type, with its hourly price (CNY) and
/// whether it can be bought now. <paramref name="InterruptionRate"/> is the expected fraction of
/// spot instances reclaimed per hour of running (null when unknown, always null for on-demand).
/// </summary>
public sealed record Offering(
    string Zone,
    CapacityType CapacityType,
    double PricePerHour,
    bool Available = true,
    double? InterruptionRate = null);
