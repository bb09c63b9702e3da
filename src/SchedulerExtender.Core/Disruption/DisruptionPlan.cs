namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// The planner's answer for one pass: interruption responses to run at once, at most one
/// method's voluntary commands (Karpenter runs one method per pass and plans again on the new
/// state), and the candidates that were held back with the reason.
/// </summary>
public sealed record DisruptionPlan(
    IReadOnlyList<InterruptionCommand> Interruptions,
    IReadOnlyList<DisruptionCommand> Commands,
    IReadOnlyList<BlockedCandidate> Blocked)
{
    public double SavingPerHour => Commands.Sum(c => c.SavingPerHour);
}
