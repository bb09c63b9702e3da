using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// The NodeAffinity plugin: the nodeSelector and ANY required node-affinity term must match the
/// node's labels. Core's <see cref="PendingPodReader"/> has already intersected the nodeSelector
/// into every term and turned matchFields into <c>field:KEY</c> requirements; the one field
/// Kubernetes allows, metadata.name, is offered here as such a label.
/// </summary>
public sealed class NodeAffinityFilter : IFilterPredicate
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public string Name => "NodeAffinity";

    public IReadOnlyList<string> Check(PendingPod pod, NodeSnapshot node)
    {
        if (pod.RequirementTerms.Count == 0)
        {
            return [];
        }

        var labels = new Dictionary<string, string>(node.Labels, StringComparer.Ordinal) { ["field:metadata.name"] = node.Name };
        return pod.RequirementTerms.Any(term => term.Matches(labels)) ? [] : [Reason];
    }
}
