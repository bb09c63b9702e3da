namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A vSwitch from DescribeVSwitches.</summary>
public sealed record EcsVSwitch(string VSwitchId, string VpcId, string ZoneId, string CidrBlock, long AvailableIpAddressCount, string Status, string VSwitchName);
