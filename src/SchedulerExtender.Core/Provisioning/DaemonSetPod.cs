using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a DaemonSet would run on a new node, read from its pod template: the pod's effective
/// requests (<see cref="PodRequests"/>; <c>Pods</c> is ignored: it takes one slot), its required
/// node-affinity terms each intersected with its nodeSelector (it runs on a node satisfying ANY
/// term; none = anywhere), and its tolerations. <paramref name="Name"/> (namespace/name) is for
/// reasons and logs only.
/// </summary>
public sealed record DaemonSetPod(
    string Name,
    ResourceAmounts Requests,
    IReadOnlyList<RequirementSet> RequirementTerms,
    IReadOnlyList<PodToleration> Tolerations);
