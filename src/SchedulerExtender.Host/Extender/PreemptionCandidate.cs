namespace SchedulerExtender.Host.Extender;

/// <summary>
/// A node kube-scheduler's preemption would free for the pod: the pods it would evict there, by
/// UID, and how many PodDisruptionBudgets evicting them would violate (<c>MetaVictims</c> of
/// k8s.io/kube-scheduler/extender/v1).
/// </summary>
/// <param name="DriversAmongVictims">
/// The Spark drivers among the victims (<c>namespace/name</c>) when kube-scheduler sent whole pods
/// (<c>NodeNameToVictims</c>), read from their labels; null when it sent UIDs only
/// (<c>NodeNameToMetaVictims</c>): those are looked up in the pod cache.
/// </param>
public sealed record PreemptionCandidate(string Node, IReadOnlyList<string> VictimUids, long NumPdbViolations, IReadOnlyList<string>? DriversAmongVictims = null);
