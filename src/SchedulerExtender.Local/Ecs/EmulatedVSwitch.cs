namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// A vSwitch the emulator knows; tags show only through the VPC API's DescribeVSwitches.
/// <paramref name="AvailableIpAddressCount"/> is its free addresses with no instance in it: each
/// live instance takes one, and RunInstances into a vSwitch with none left answers
/// <c>InvalidVSwitchId.IpNotEnough</c>.
/// </summary>
public sealed record EmulatedVSwitch(string VSwitchId, string VpcId, string RegionId, string ZoneId, string CidrBlock, long AvailableIpAddressCount = 4000)
{
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
