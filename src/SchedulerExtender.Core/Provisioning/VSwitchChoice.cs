namespace SchedulerExtender.Core.Provisioning;

/// <summary>A vSwitch (subnet) an instance may be launched into, with the zone it lives in.</summary>
public sealed record VSwitchChoice(string VSwitchId, string Zone);
