namespace SchedulerExtender.Core.Extender;

/// <summary>
/// A preemption candidate node still in the answer after the filter, with the Spark drivers
/// (<c>namespace/name</c>) among the pods kube-scheduler would evict there; empty when none.
/// </summary>
public sealed record PreemptionCandidateDrivers(string Node, IReadOnlyList<string> Drivers);
