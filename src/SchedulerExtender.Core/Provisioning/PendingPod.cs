using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A pod waiting for capacity, as the solver sees it. <paramref name="Requests"/> are the pod's
/// effective requests (cpu, memory, ephemeral storage; <c>Pods</c> is ignored: a pod takes one
/// slot). <paramref name="RequirementTerms"/> are its required node-affinity terms, each already
/// intersected with its nodeSelector (and, for a pod with PersistentVolumeClaims, with where its
/// volumes are: <see cref="VolumeTopology.TryApply"/>); the pod fits a node that satisfies ANY term.
/// No terms means the nodeSelector alone (or nothing) constrains it: pass one term with it, or none.
/// <paramref name="Labels"/> and <paramref name="Topology"/> (host ports, pod (anti-)affinity,
/// topology spread) decide which pods may share a node; null means none.
/// <paramref name="Preferences"/> are its preferred node-affinity terms, heaviest first: the solver
/// plans the pod as if the first were required, and drops it for the next (finally for none) only
/// while the pod cannot be placed (<see cref="Solver"/>). <paramref name="SpreadDomainTerms"/>:
/// see <see cref="OwnTerms"/>.
/// </summary>
public sealed record PendingPod(
    PodReference Pod,
    ResourceAmounts Requests,
    IReadOnlyList<RequirementSet> RequirementTerms,
    IReadOnlyList<PodToleration> Tolerations,
    SparkRole Role = SparkRole.None,
    IReadOnlyDictionary<string, string>? Labels = null,
    PodTopology? Topology = null,
    IReadOnlyList<RequirementSet>? Preferences = null,
    IReadOnlyList<RequirementSet>? SpreadDomainTerms = null)
{
    /// <summary>
    /// The terms its zone topology spread counts zones over: its own required node affinity and
    /// nodeSelector, as kube-scheduler counts them — not narrowed by its volumes or by a preference
    /// being tried, which only restrict where it may go. Set by whatever narrows
    /// <see cref="RequirementTerms"/>; null when nothing did.
    /// </summary>
    public IReadOnlyList<RequirementSet> OwnTerms => SpreadDomainTerms ?? RequirementTerms;

    /// <summary>The pod restricted to <paramref name="terms"/>, remembering its own terms for its spread.</summary>
    public PendingPod NarrowedTo(IReadOnlyList<RequirementSet> terms) => this with { RequirementTerms = terms, SpreadDomainTerms = OwnTerms };
}
