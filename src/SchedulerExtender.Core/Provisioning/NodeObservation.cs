namespace SchedulerExtender.Core.Provisioning;

/// <summary>The Node carrying a claim's providerID: its name, its Ready condition and the keys of its taints.</summary>
public sealed record NodeObservation(string Name, bool Ready, IReadOnlyList<string> TaintKeys);
