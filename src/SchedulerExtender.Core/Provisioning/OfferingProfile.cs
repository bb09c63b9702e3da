using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>An offering and the expected hourly cost of a node bought with it (spot price raised by the interruption penalty, plus the per-node cost).</summary>
internal readonly record struct OfferingProfile(Offering Offering, double ExpectedCost);
