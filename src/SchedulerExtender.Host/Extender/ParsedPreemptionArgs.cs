using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Extender;

/// <summary>A decoded <c>ExtenderPreemptionArgs</c>: the pod and its candidate nodes in the order sent.</summary>
public sealed record ParsedPreemptionArgs(SchedulingPod Pod, IReadOnlyList<PreemptionCandidate> Candidates);
