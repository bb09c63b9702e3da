namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// What one scheduling attempt did: bound <paramref name="Pod"/> ("namespace/name") to
/// <paramref name="Node"/>, or left it pending with <paramref name="Message"/> (the PodScheduled
/// condition's message). <paramref name="Scores"/> holds each candidate's final score when scoring ran.
/// </summary>
public sealed record SchedulingOutcome(string Pod, string? Node, string? Message, IReadOnlyDictionary<string, long> Scores)
{
    public bool Bound => Node is not null;
}
