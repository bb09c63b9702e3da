using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// One node's summed pod requests, kept up to date in place by the usage source that made it
/// (<see cref="INodeUsage.CellOf"/>), so that a scorer keeping the node between calls
/// (<see cref="CachedNode"/>) reads it without looking the node's name up on every call: at 5,000
/// nodes those lookups were a sixth of a scoring call. A retired cell is no longer updated; whoever
/// holds one asks the source for the node's cell again.
/// </summary>
public sealed class NodeUsageCell(INodeUsage source, ResourceAmounts requested)
{
    // ResourceAmounts is four longs, which no single write covers: the value is swapped as a whole.
    private volatile Holder current = new(requested);
    private volatile bool retired;

    /// <summary>The source that keeps this cell up to date.</summary>
    public INodeUsage Source { get; } = source;

    public ResourceAmounts Requested
    {
        get => current.Value;
        set => current = new Holder(value);
    }

    public bool IsRetired => retired;

    /// <summary>Called by the source once it stops updating the cell.</summary>
    public void Retire() => retired = true;

    private sealed record Holder(ResourceAmounts Value);
}
