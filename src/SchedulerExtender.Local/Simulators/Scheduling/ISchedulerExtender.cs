using k8s.Models;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>A kube-scheduler extender as the scheduler calls it (HTTPS in local mode; a fake in tests).</summary>
public interface ISchedulerExtender
{
    ExtenderConfig Config { get; }

    /// <summary>The filter verb: which of <paramref name="nodes"/> the pod may go to, and why the others may not.</summary>
    /// <exception cref="SchedulerExtenderException">The call failed or the extender answered with an error.</exception>
    Task<ExtenderFilterResult> FilterAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken);

    /// <summary>The prioritize verb: a 0..10 score per node.</summary>
    /// <exception cref="SchedulerExtenderException">The call failed.</exception>
    Task<IReadOnlyList<ExtenderHostScore>> PrioritizeAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken);
}
