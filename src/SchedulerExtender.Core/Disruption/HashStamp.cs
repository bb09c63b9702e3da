namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A drift hash as stamped on a NodeClaim at launch, with the version of the hash function that
/// computed it (either is null when the claim lacks the annotation).
/// </summary>
public sealed record HashStamp(string? Hash, string? Version)
{
    public static readonly HashStamp None = new(null, null);
}
