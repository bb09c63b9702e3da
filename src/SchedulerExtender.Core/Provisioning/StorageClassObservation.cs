using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A StorageClass as volume topology needs it: whether it waits for the first consumer before
/// provisioning (<c>volumeBindingMode: WaitForFirstConsumer</c>; otherwise Immediate) and its
/// <c>allowedTopologies</c> terms (each <c>matchLabelExpressions</c> entry as key In values; ANY
/// term; none = anywhere).
/// </summary>
public sealed record StorageClassObservation(string Name, bool WaitForFirstConsumer, IReadOnlyList<IReadOnlyList<NodeSelectorRequirement>> AllowedTopologies);
