namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A node to terminate at once because it has been unhealthy for too long (not Ready, or a
/// <see cref="RepairCondition"/> held since <paramref name="UnhealthySince"/>): no replacement waited
/// for (its pods are gone or going already; the ones pending are provisioned as usual), no drain.
/// </summary>
public sealed record RepairCommand(string Node, DateTimeOffset UnhealthySince, string Explanation);
