namespace SchedulerExtender.Host.Extender;

/// <summary>
/// A node kube-scheduler's preemption would free for the pod: the pods it would evict there, by
/// UID, and how many PodDisruptionBudgets evicting them would violate (<c>MetaVictims</c> of
/// k8s.io/kube-scheduler/extender/v1).
/// </summary>
public sealed record PreemptionCandidate(string Node, IReadOnlyList<string> VictimUids, long NumPdbViolations);
