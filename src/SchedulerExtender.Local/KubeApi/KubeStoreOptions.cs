namespace SchedulerExtender.Local.KubeApi;

/// <summary>How the embedded API's store behaves.</summary>
public sealed record KubeStoreOptions
{
    /// <summary>
    /// How many change events are kept for watches that resume from a resourceVersion (the real API
    /// server keeps a window of history too). Resuming from before the window gets 410 Gone, and
    /// clients re-list: a test can make this small to force exactly that.
    /// </summary>
    public int EventWindow { get; init; } = 10_000;

    /// <summary>Clock for creationTimestamp, deletionTimestamp and condition times (a virtual clock in simulations).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When true, deleting (or evicting) a pod that is bound to a node only marks it terminating
    /// (deletionTimestamp + deletionGracePeriodSeconds), as the real API server does; a kubelet
    /// simulator then finishes the termination by deleting it again with grace period 0. When false
    /// (the default, as nothing plays kubelet) such pods are removed at once.
    /// </summary>
    public bool GracefulPodTermination { get; init; }

    /// <summary>Buffered events per watch before a watcher that does not read is disconnected (it then resumes).</summary>
    public int WatchBufferSize { get; init; } = 50_000;

    /// <summary>Namespaces that exist from the start, as in a fresh cluster.</summary>
    public IReadOnlyList<string> InitialNamespaces { get; init; } = ["default", "kube-system", "kube-public", "kube-node-lease"];
}
