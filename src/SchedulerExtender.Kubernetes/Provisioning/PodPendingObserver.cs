using k8s.Models;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Reports, once per pod, how long a pod waited from its creation to being bound (its
/// PodScheduled=True condition's lastTransitionTime). It remembers only the UIDs of pods still in
/// the cache, so its memory follows the cluster's pod count, not the run's length. Pods bound
/// before <c>since</c> (the start of this leader's term) are skipped: a previous leader reported
/// them, and a restart must not count them twice.
/// </summary>
public sealed class PodPendingObserver(IProvisionerMetrics metrics, DateTimeOffset since)
{
    private readonly HashSet<string> _observed = new(StringComparer.Ordinal);

    // Kubernetes stamps times to the second: a pod bound in the same second the term began is stamped before it.
    private readonly DateTimeOffset _since = since.AddTicks(-(since.UtcTicks % TimeSpan.TicksPerSecond));

    public void Observe(IEnumerable<V1Pod> pods)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.Metadata?.Uid is not { Length: > 0 } uid)
            {
                continue;
            }

            present.Add(uid);
            if (_observed.Contains(uid) || BoundAt(pod) is not { } boundAt || pod.Metadata.CreationTimestamp is not { } created)
            {
                continue;
            }

            _observed.Add(uid);
            if (boundAt >= _since)
            {
                // Timestamps have a one-second resolution, so a pod bound at once may appear bound before it was created.
                var pending = boundAt - ToOffset(created);
                metrics.PodBound(Role(pod), pending < TimeSpan.Zero ? TimeSpan.Zero : pending);
            }
        }

        _observed.IntersectWith(present);
    }

    private static DateTimeOffset? BoundAt(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "True")?.LastTransitionTime is { } at ? ToOffset(at) : null;

    // Kubernetes times are UTC; a time read without a kind is taken as UTC rather than as local time.
    private static DateTimeOffset ToOffset(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? new(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : new(time);

    private static string Role(V1Pod pod) =>
        SparkPodClassifier.Classify(name => pod.Metadata.Labels?.TryGetValue(name, out var value) == true ? value : null) switch
        {
            SparkRole.Driver => "driver",
            SparkRole.Executor => "executor",
            _ => "none",
        };
}
