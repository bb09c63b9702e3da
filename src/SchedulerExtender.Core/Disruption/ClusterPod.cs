using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A pod bound to a node, as the disruption planners see it. <see cref="Requests"/> are the pod's
/// effective requests (the pod slot is counted by the planner). <see cref="RequirementTerms"/> and
/// <see cref="Tolerations"/> are read as for <see cref="PendingPod"/>: they decide where the pod
/// may go if its node is removed. <see cref="ApplicationRunning"/> says whether the Spark
/// application the pod belongs to (<see cref="ApplicationId"/>) still runs; it is ignored for
/// pods that are not Spark pods.
/// </summary>
public sealed record ClusterPod
{
    public required PodReference Pod { get; init; }

    public required ResourceAmounts Requests { get; init; }

    public SparkRole Role { get; init; } = SparkRole.None;

    public string? ApplicationId { get; init; }

    public bool ApplicationRunning { get; init; }

    /// <summary>The pod carries <c>karpenter.sh/do-not-disrupt: "true"</c>.</summary>
    public bool DoNotDisrupt { get; init; }

    /// <summary>
    /// A PodDisruptionBudget (namespace/name) that selects the pod and allows no disruption right
    /// now: its eviction would be refused, so the node is no voluntary candidate (as in Karpenter).
    /// Null when no such budget exists.
    /// </summary>
    public string? BlockingDisruptionBudget { get; init; }

    /// <summary>Owned by a DaemonSet: runs on every node, never blocks and never needs a new home.</summary>
    public bool IsDaemonSet { get; init; }

    /// <summary>Succeeded or Failed: holds no resources, never blocks, needs no home.</summary>
    public bool IsTerminal { get; init; }

    public IReadOnlyList<RequirementSet> RequirementTerms { get; init; } = [];

    public IReadOnlyList<PodToleration> Tolerations { get; init; } = [];

    /// <summary>True when removing the node means this pod must run somewhere else.</summary>
    public bool NeedsHome => !IsDaemonSet && !IsTerminal;

    /// <summary>The pod as the solver's pending pod, to simulate where it would go.</summary>
    public PendingPod ToPendingPod() => new(Pod, Requests with { Pods = 1 }, RequirementTerms, Tolerations, Role);
}
