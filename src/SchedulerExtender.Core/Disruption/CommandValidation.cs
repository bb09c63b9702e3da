namespace SchedulerExtender.Core.Disruption;

/// <summary>The outcome of re-checking a command on a later snapshot: still valid, or why not.</summary>
public sealed record CommandValidation(bool IsValid, string Reason)
{
    public static CommandValidation Valid { get; } = new(true, "still valid");

    public static CommandValidation Invalid(string reason) => new(false, reason);
}
