namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A node to terminate at once because it has not been Ready for too long: no replacement waited
/// for (its pods are gone or going already; the ones pending are provisioned as usual), no drain.
/// </summary>
public sealed record RepairCommand(string Node, DateTimeOffset NotReadySince, string Explanation);
