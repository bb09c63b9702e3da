namespace SchedulerExtender.Core.Provisioning;

/// <summary>A pod that fits on capacity already in flight, and the claim it goes to.</summary>
public sealed record PodPlacement(PodReference Pod, string ClaimName);
