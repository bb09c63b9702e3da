namespace SchedulerExtender.Host.Health;

/// <summary>A readiness check from a name and a condition.</summary>
public sealed record ReadinessCheck(string Name, Func<bool> Condition) : IReadinessCheck
{
    public bool IsReady => Condition();
}
