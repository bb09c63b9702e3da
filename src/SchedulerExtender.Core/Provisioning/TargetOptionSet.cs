namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// One pool target's launch options for one group shape, as built (type order) and sorted by
/// <see cref="LaunchOption.Compare"/>, and what was missing when there are none.
/// </summary>
internal sealed record TargetOptionSet(LaunchOption[] InTypeOrder, LaunchOption[] Sorted, bool AnyType, bool AnyRoom, bool AnyOffering);
