using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>One of kube-scheduler's filter plugins: why a pod cannot go to a node (empty: it can).</summary>
public interface IFilterPredicate
{
    string Name { get; }

    /// <summary>The reasons the node is rejected, worded as kube-scheduler words them; empty when it passes.</summary>
    IReadOnlyList<string> Check(PendingPod pod, NodeSnapshot node);
}
