using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>An offering the cloud reported out of stock, not to be tried again before <see cref="Until"/>.</summary>
public sealed record UnavailableOffering(string InstanceType, string Zone, CapacityType CapacityType, DateTimeOffset Until);
