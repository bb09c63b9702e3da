namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What an ECSNodeClass's selectors resolved to in the cloud: the vSwitches (one per zone), the
/// security groups (the first is used) and an image per Kubernetes architecture.
/// </summary>
public sealed record NodeClassLaunchSettings(
    IReadOnlyList<VSwitchChoice> VSwitches,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyDictionary<string, string> ImageIdByArchitecture);
