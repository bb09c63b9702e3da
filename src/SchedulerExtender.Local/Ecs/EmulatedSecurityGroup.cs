namespace SchedulerExtender.Local.Ecs;

/// <summary>A security group the emulator knows.</summary>
public sealed record EmulatedSecurityGroup(string SecurityGroupId, string Name, string VpcId, string RegionId, IReadOnlyDictionary<string, string> Tags);
