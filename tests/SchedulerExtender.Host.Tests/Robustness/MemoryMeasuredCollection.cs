namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Tests that measure the process's managed heap run alone: another test's live objects would
/// otherwise count as the server's growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuredCollection
{
    public const string Name = "Memory measured";
}
