namespace SchedulerExtender.Core.Provisioning;

/// <summary>The batch window's answer: plan now, or wait <see cref="Wait"/> for more pods.</summary>
public sealed record BatchDecision(bool Flush, TimeSpan Wait)
{
    public static BatchDecision FlushNow { get; } = new(true, TimeSpan.Zero);
}
