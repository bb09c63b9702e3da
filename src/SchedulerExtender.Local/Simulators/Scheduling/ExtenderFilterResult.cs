namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// A decoded <c>ExtenderFilterResult</c>: the passing node names and the failed ones with their
/// reasons (FailedAndUnresolvableNodes merged in: this simulator does not preempt).
/// </summary>
public sealed record ExtenderFilterResult(IReadOnlyList<string> NodeNames, IReadOnlyDictionary<string, string> FailedNodes);
