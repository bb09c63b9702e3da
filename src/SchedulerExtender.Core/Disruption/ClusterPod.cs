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
/// pods that are not Spark pods. <see cref="Labels"/> and <see cref="Topology"/> are read as for
/// <see cref="PendingPod"/> (<see cref="PodTopologyReader"/>): which pods may share the pod's node or
/// zone, wherever it is or goes.
/// </summary>
public sealed record ClusterPod
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

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

    /// <summary>The pod's labels, for the selectors of other pods' anti-affinity, affinity and spread (its namespace is in <see cref="Pod"/>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    /// <summary>Its host ports, required pod (anti-)affinity and DoNotSchedule spread; null (or empty) when it has none.</summary>
    public PodTopology? Topology { get; init; }

    /// <summary>True when removing the node means this pod must run somewhere else.</summary>
    public bool NeedsHome => !IsDaemonSet && !IsTerminal;

    /// <summary>The pod as the solver's pending pod, with its labels and topology, to simulate where it would go.</summary>
    public PendingPod ToPendingPod() => new(Pod, Requests with { Pods = 1 }, RequirementTerms, Tolerations, Role, Labels, Topology);

    /// <summary>The pod as a neighbour on its node (and in its zone), as the solver counts it.</summary>
    public ScheduledPod ToScheduledPod() => new(Pod, Labels, Topology ?? PodTopology.None);
}
