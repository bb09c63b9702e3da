using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// kube-scheduler's filter phase over the plugins this simulator implements, in the default
/// profile's order; a node's first failing plugin gives its reasons, as the framework stops there.
/// </summary>
public sealed class SchedulerFilters
{
    public SchedulerFilters(IReadOnlyList<IFilterPredicate> predicates) => Predicates = predicates;

    public static SchedulerFilters Default { get; } = new(
        [new NodeUnschedulableFilter(), new TaintTolerationFilter(), new NodeAffinityFilter(), new NodeResourcesFitFilter()]);

    public IReadOnlyList<IFilterPredicate> Predicates { get; }

    /// <summary>The nodes the pod fits, in the given order; every other node's reasons go to <paramref name="diagnosis"/>.</summary>
    public IReadOnlyList<NodeSnapshot> Feasible(PendingPod pod, IEnumerable<NodeSnapshot> nodes, FitDiagnosis diagnosis)
    {
        var feasible = new List<NodeSnapshot>();
        foreach (var node in nodes)
        {
            var reasons = Predicates.Select(p => p.Check(pod, node)).FirstOrDefault(r => r.Count > 0);
            if (reasons is null)
            {
                feasible.Add(node);
            }
            else
            {
                diagnosis.Reject(node.Name, reasons);
            }
        }

        return feasible;
    }
}
