namespace SchedulerExtender.Host.Cost;

/// <summary>Configuration section <c>Cost</c>: how often the cost metrics are recomputed from the node cache.</summary>
public sealed record CostOptions
{
    public const string Section = "Cost";

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
}
