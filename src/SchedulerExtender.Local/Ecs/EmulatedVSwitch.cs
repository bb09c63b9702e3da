namespace SchedulerExtender.Local.Ecs;

/// <summary>A vSwitch the emulator knows.</summary>
public sealed record EmulatedVSwitch(string VSwitchId, string VpcId, string RegionId, string ZoneId, string CidrBlock);
