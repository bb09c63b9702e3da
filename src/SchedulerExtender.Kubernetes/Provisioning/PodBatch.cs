using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Tracks when pending pods arrived, for <see cref="BatchWindow"/>: a pod not pending at the last
/// look counts as an arrival, and so does a request to plan again (a claim given up). Pods that
/// stay pending are not re-planned on their own: they already have capacity on its way.
/// <see cref="Observe"/> runs on the pass alone, but <see cref="RequestReplan"/> comes from launches
/// running side by side, hence the interlocked flag.
/// </summary>
internal sealed class PodBatch
{
    private HashSet<string> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset? _first;
    private DateTimeOffset _last;
    private int _replan;

    public void RequestReplan() => Interlocked.Exchange(ref _replan, 1);

    /// <summary>Records the pending pods seen now; true when the window has closed and they should be planned.</summary>
    public bool Observe(IReadOnlyCollection<string> pending, BatchWindow window, DateTimeOffset now)
    {
        var current = new HashSet<string>(pending, StringComparer.Ordinal);
        // Taken (and cleared) in one step, so a request made while this runs is kept for the next look.
        var replan = Interlocked.Exchange(ref _replan, 0) == 1;
        if (replan || current.Any(p => !_seen.Contains(p)))
        {
            _first ??= now;
            _last = now;
        }

        _seen = current;
        if (current.Count == 0 || _first is not { } first)
        {
            _first = null;
            return false;
        }

        if (!window.Decide(first, _last, now).Flush)
        {
            return false;
        }

        _first = null;
        return true;
    }
}
