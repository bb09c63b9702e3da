namespace SchedulerExtender.Core.Disruption;

/// <summary>What to do with a stamped drift hash (<see cref="NodeDrift.Check"/>).</summary>
public enum HashCheck
{
    /// <summary>No hash stamped: nothing to compare, the node never drifts by it.</summary>
    NoHash,

    /// <summary>Stamped by the current hash function: compare it with the hash now.</summary>
    Compare,

    /// <summary>
    /// Stamped by another (or an unknown, pre-version) hash function: the hashes cannot be
    /// compared, so the node is not drifted by it and the claim is stamped again with the current
    /// hash and version (the node is taken to match the pool or node class as it is now).
    /// </summary>
    Restamp,
}
