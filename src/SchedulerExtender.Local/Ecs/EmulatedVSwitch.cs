namespace SchedulerExtender.Local.Ecs;

/// <summary>A vSwitch the emulator knows; tags and free IPs show only through the VPC API's DescribeVSwitches.</summary>
public sealed record EmulatedVSwitch(string VSwitchId, string VpcId, string RegionId, string ZoneId, string CidrBlock, long AvailableIpAddressCount = 4000)
{
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
