namespace SchedulerExtender.Local.KubeApi;

/// <summary>The honoured parts of meta/v1 DeleteOptions: grace period and preconditions.</summary>
public sealed record DeleteOptions(long? GracePeriodSeconds = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null)
{
    public static DeleteOptions Default { get; } = new();
}
