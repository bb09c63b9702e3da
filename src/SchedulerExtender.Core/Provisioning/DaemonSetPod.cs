using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a DaemonSet would run on a new node, read from its pod template: the pod's effective
/// requests (<see cref="PodRequests"/>; <c>Pods</c> is ignored: it takes one slot), its required
/// node-affinity terms each intersected with its nodeSelector (it runs on a node satisfying ANY
/// term; none = anywhere), and its tolerations. <paramref name="Name"/> (namespace/name) is for
/// reasons and logs only. <paramref name="HostPorts"/> are the ports its pod binds on the node:
/// a pending pod asking one of them cannot run on a node of a pool where the DaemonSet runs.
/// </summary>
public sealed record DaemonSetPod(
    string Name,
    ResourceAmounts Requests,
    IReadOnlyList<RequirementSet> RequirementTerms,
    IReadOnlyList<PodToleration> Tolerations,
    IReadOnlyList<HostPort>? HostPorts = null);
