namespace SchedulerExtender.Core.Provisioning;

/// <summary>A pod already on a node (bound or running): its labels and what constrains its neighbours.</summary>
public sealed record ScheduledPod(PodReference Pod, IReadOnlyDictionary<string, string> Labels, PodTopology Topology);
