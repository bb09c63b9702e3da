namespace SchedulerExtender.Core.Placement;

/// <summary>The outcome label used in metrics and logs (a small, bounded set).</summary>
public enum MutationOutcome
{
    /// <summary>Not a Spark pod.</summary>
    Ignored,

    /// <summary>The pod or its namespace opted out.</summary>
    OptedOut,

    /// <summary>A patch was produced.</summary>
    Mutated,

    /// <summary>A Spark pod that already has everything (re-invocation, or written by the user).</summary>
    Unchanged,
}
