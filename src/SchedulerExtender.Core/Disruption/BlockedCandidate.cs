namespace SchedulerExtender.Core.Disruption;

/// <summary>A node that would be disrupted for <see cref="Reason"/> but is not, and why not (for events and metrics).</summary>
public sealed record BlockedCandidate(string Node, DisruptionReason Reason, string Why);
