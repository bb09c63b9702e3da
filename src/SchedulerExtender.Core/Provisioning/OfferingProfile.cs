using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>An offering and its expected hourly cost (spot price raised by the interruption penalty).</summary>
internal readonly record struct OfferingProfile(Offering Offering, double ExpectedCost);
