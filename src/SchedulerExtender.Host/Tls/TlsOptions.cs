namespace SchedulerExtender.Host.Tls;

/// <summary>Configuration section <c>Tls</c>.</summary>
public sealed class TlsOptions
{
    /// <summary>How often the certificate files are checked for a rotation.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the HTTPS listener offers HTTP/2 besides HTTP/1.1. Off: kube-scheduler's extender
    /// client and the API server's webhook client negotiate HTTP/2 whenever it is offered, and
    /// Kestrel's HTTP/2 path costs more per call than HTTP/1.1 (`make bench-extender` with
    /// BENCH_HTTP=2; with curl as the client, NodeNames at 5,000 nodes: ~0.3 ms more at p50) while
    /// these one-call-at-a-time clients gain nothing from multiplexing; and, as Kubebuilder's
    /// scaffolding does for webhook servers since the HTTP/2 Rapid Reset flaws, it keeps that
    /// protocol's attack surface closed unless asked for.
    /// </summary>
    public bool Http2 { get; set; }
}
