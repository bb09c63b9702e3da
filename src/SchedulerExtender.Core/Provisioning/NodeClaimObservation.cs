namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A node claim as the lifecycle sees it: when it was created, the providerID recorded at launch
/// (null before), whether it was already marked registered / initialized, and whether it is being deleted.
/// </summary>
public sealed record NodeClaimObservation(
    string Name,
    DateTimeOffset CreatedAt,
    string? ProviderId,
    bool Registered,
    bool Initialized,
    bool Deleting,
    DateTimeOffset? LaunchedAt = null);
