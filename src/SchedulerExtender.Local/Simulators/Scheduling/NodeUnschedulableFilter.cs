using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// The NodeUnschedulable plugin: a cordoned node (spec.unschedulable) takes only pods that
/// tolerate the <c>node.kubernetes.io/unschedulable:NoSchedule</c> taint.
/// </summary>
public sealed class NodeUnschedulableFilter : IFilterPredicate
{
    public const string Reason = "node(s) were unschedulable";

    private static readonly Taint UnschedulableTaint = new("node.kubernetes.io/unschedulable", null, "NoSchedule");

    public string Name => "NodeUnschedulable";

    public IReadOnlyList<string> Check(PendingPod pod, NodeSnapshot node) =>
        node.Unschedulable && !pod.Tolerations.Any(t => t.Tolerates(UnschedulableTaint)) ? [Reason] : [];
}
