namespace SchedulerExtender.Core.Config;

/// <summary>
/// A NodePool's <c>spec.limits</c>: the most capacity its nodes may add up to. Null means no limit.
/// </summary>
public sealed record NodePoolLimits(long? MilliCpu, long? MemoryBytes, long? EphemeralStorageBytes, long? Pods)
{
    public static NodePoolLimits None { get; } = new(null, null, null, null);
}
