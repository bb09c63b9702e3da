namespace SchedulerExtender.Alibaba.Vpc;

/// <summary>A vSwitch from the VPC API's DescribeVSwitches, with its tags and free IP count.</summary>
public sealed record VpcVSwitch(
    string VSwitchId,
    string VpcId,
    string ZoneId,
    string CidrBlock,
    long AvailableIpAddressCount,
    string Status,
    string VSwitchName,
    IReadOnlyDictionary<string, string> Tags);
