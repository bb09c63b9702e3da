namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A pod already bound to a node, and the zone of that node: what zone-level spread, anti-affinity
/// and affinity count (<see cref="ProvisioningSnapshot.ScheduledPods"/>).
/// </summary>
public sealed record ZonedPod(ScheduledPod Pod, string Zone);
