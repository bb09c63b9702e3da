namespace SchedulerExtender.Host.Health;

/// <summary>Something that must be ready before this replica takes traffic (a synced cache, say).</summary>
public interface IReadinessCheck
{
    string Name { get; }

    bool IsReady { get; }
}
