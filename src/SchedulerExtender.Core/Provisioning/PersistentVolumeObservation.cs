using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A PersistentVolume's <c>spec.nodeAffinity.required.nodeSelectorTerms</c>: the nodes that can
/// use it are those meeting ANY term (each term's requirements all hold). No terms = any node.
/// matchFields requirements come with the key prefixed <c>field:</c> (they name existing nodes).
/// </summary>
public sealed record PersistentVolumeObservation(string Name, IReadOnlyList<IReadOnlyList<NodeSelectorRequirement>> NodeAffinityTerms);
