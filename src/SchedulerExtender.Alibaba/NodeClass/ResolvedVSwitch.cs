namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>The vSwitch chosen for a zone and how many IP addresses it had free when resolved.</summary>
public sealed record ResolvedVSwitch(string VSwitchId, string Zone, string VpcId, long AvailableIpAddressCount);
