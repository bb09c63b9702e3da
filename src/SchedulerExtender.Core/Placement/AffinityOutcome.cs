namespace SchedulerExtender.Core.Placement;

/// <summary>What the affinity merge did.</summary>
public enum AffinityOutcome
{
    /// <summary>The policy asks for nothing (executor policy none).</summary>
    NotRequested,

    /// <summary>Our requirement was merged in.</summary>
    Added,

    /// <summary>The pod already carries our requirement everywhere it must (re-invocation).</summary>
    AlreadyPresent,

    /// <summary>The user constrains the capacity-type label themselves: left as written.</summary>
    LeftAsWritten,

    /// <summary>The pod's affinity is not shaped as core/v1 says: left as written.</summary>
    Malformed,
}
