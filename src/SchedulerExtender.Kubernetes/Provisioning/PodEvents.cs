using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Kubernetes Events on the pending pods the provisioner plans, so <c>kubectl describe pod</c>
/// says what it decided beside kube-scheduler's own <c>FailedScheduling</c>, as Karpenter does:
/// <see cref="Nominated"/> (Normal) when a pod is planned onto a NodeClaim (a new one once it is
/// created, or one in flight), <see cref="FailedScheduling"/> (Warning) with the reason no node
/// can be planned for it. Written in the pod's namespace, naming it by namespace, name and uid.
/// <para>
/// Deduplicated: pending pods are planned again at every batch (each arrival re-plans them all), so
/// the last reason and message recorded for each pod (by uid) are kept, and the same event is
/// recorded again only after <see cref="RepeatAfter"/> — a pod stuck for an hour gets a dozen
/// events, not one per batch; a change (another reason, another claim) is recorded at once.
/// Between batches (no arrival, nothing re-planned) <see cref="RepeatStaleAsync"/> repeats the
/// last decision once it is that old, so a long wait keeps a current event. The
/// memory is kept to the pods still pending (<see cref="KeepOnly"/>, every pass), so it stays as
/// large as the pending queue however long the process runs. An event that fails to be written
/// (best effort, <see cref="KubeEventWriter"/>) is remembered as recorded all the same: an API
/// server refusing events costs one request per pod and change (and repeat), not one per batch.
/// </para>
/// Safe to call from the launches running side by side.
/// </summary>
public sealed class PodEvents
{
    public const string Nominated = "Nominated";
    public const string FailedScheduling = "FailedScheduling";

    /// <summary>
    /// How long an unchanged event is not recorded again: long enough that a pod waiting for an
    /// hour gets a handful of reminders, short enough that <c>kubectl describe pod</c> (which shows
    /// an event's age) tells the provisioner is still trying, and well inside the API server's
    /// event TTL (1 h), so a long wait keeps a current event.
    /// </summary>
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromMinutes(5);

    // Events of one batch are written a few at a time: a 1,000-executor burst must not open a
    // thousand requests at once, nor wait for them one after another.
    private const int ParallelWrites = 4;

    private readonly KubeEventWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Recorded> _last = new(StringComparer.Ordinal);

    public PodEvents(IKubernetes client, TimeProvider time, ILogger logger)
    {
        _writer = new KubeEventWriter(client, time, logger);
        _time = time;
    }

    /// <summary>How many pods' last events are remembered.</summary>
    public int Remembered
    {
        get
        {
            lock (_gate)
            {
                return _last.Count;
            }
        }
    }

    /// <summary>Records where each pod is planned, for each pod whose last event differs or is older than <see cref="RepeatAfter"/>.</summary>
    public Task NominatedAsync(IEnumerable<(V1Pod Pod, string Message)> pods, CancellationToken cancellationToken) =>
        RecordAsync(pods, "Normal", Nominated, cancellationToken);

    /// <summary>Records why no node can be planned for each pod, for each pod whose last event differs or is older than <see cref="RepeatAfter"/>.</summary>
    public Task FailedSchedulingAsync(IEnumerable<(V1Pod Pod, string Message)> pods, CancellationToken cancellationToken) =>
        RecordAsync(pods, "Warning", FailedScheduling, cancellationToken);

    /// <summary>
    /// Records again, unchanged, each remembered event older than <see cref="RepeatAfter"/>: the
    /// decision still stands while the pod is not planned again, and the API server drops events
    /// after an hour, so without it a pod pending through a quiet hour would show nothing from the
    /// provisioner. Call it only for pods still pending (<see cref="KeepOnly"/> first).
    /// </summary>
    public async Task RepeatStaleAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = new List<Recorded>();
        lock (_gate)
        {
            foreach (var (key, last) in _last.Where(e => now - e.Value.At >= RepeatAfter).ToList())
            {
                _last[key] = last with { At = now };
                due.Add(last);
            }
        }

        await WriteAllAsync(due, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets every pod but <paramref name="pending"/>: bound, deleted or no longer the provisioner's business.</summary>
    public void KeepOnly(IEnumerable<V1Pod> pending)
    {
        lock (_gate)
        {
            if (_last.Count == 0)
            {
                return;
            }

            var keep = new HashSet<string>(pending.Select(Key).OfType<string>(), StringComparer.Ordinal);
            foreach (var key in _last.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                _last.Remove(key);
            }
        }
    }

    private async Task RecordAsync(IEnumerable<(V1Pod Pod, string Message)> pods, string type, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = new List<Recorded>();
        lock (_gate)
        {
            foreach (var (pod, message) in pods)
            {
                if (Key(pod) is not { } key ||
                    (_last.TryGetValue(key, out var last) && last.Reason == reason && last.Message == message && now - last.At < RepeatAfter))
                {
                    continue;
                }

                var recorded = new Recorded(Reference(pod), type, reason, message, now);
                _last[key] = recorded;
                due.Add(recorded);
            }
        }

        await WriteAllAsync(due, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAllAsync(List<Recorded> due, CancellationToken cancellationToken)
    {
        if (due.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (e, ct) => await _writer.WriteAsync(e.Pod.NamespaceProperty, e.Pod, e.Type, e.Reason, e.Message, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static V1ObjectReference Reference(V1Pod pod) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        NamespaceProperty = pod.Metadata.NamespaceProperty ?? "default",
        Name = pod.Metadata.Name,
        Uid = pod.Metadata.Uid,
    };

    // By uid, so a pod deleted and created again under its name (a restarted executor) starts afresh;
    // a pod without a name cannot be named in an event.
    private static string? Key(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Metadata?.Name) ? null
        : string.IsNullOrEmpty(pod.Metadata.Uid) ? $"{pod.Metadata.NamespaceProperty ?? "default"}/{pod.Metadata.Name}"
        : pod.Metadata.Uid;

    // What the pod was told, with just the reference to it (not the pod object, which the cache replaces).
    private readonly record struct Recorded(V1ObjectReference Pod, string Type, string Reason, string Message, DateTimeOffset At);
}
