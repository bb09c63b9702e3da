namespace SchedulerExtender.Core.Resources;

/// <summary>
/// One container's requests. <paramref name="IsRestartableInit"/> marks a sidecar: an init
/// container with <c>restartPolicy: Always</c>, which keeps running beside the app containers.
/// </summary>
public readonly record struct ContainerRequests(ResourceAmounts Requests, bool IsRestartableInit = false);
