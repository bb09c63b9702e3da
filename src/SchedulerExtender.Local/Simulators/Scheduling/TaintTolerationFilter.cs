using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// The TaintToleration plugin: every NoSchedule and NoExecute taint must be tolerated
/// (PreferNoSchedule only lowers a score). The first untolerated taint is the reason.
/// </summary>
public sealed class TaintTolerationFilter : IFilterPredicate
{
    public string Name => "TaintToleration";

    public IReadOnlyList<string> Check(PendingPod pod, NodeSnapshot node)
    {
        var untolerated = node.Taints.FirstOrDefault(taint =>
            taint.Effect is "NoSchedule" or "NoExecute" && !pod.Tolerations.Any(t => t.Tolerates(taint)));
        return untolerated is null ? [] : [$"node(s) had untolerated taint {{{untolerated.Key}: {untolerated.Value}}}"];
    }
}
