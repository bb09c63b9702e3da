namespace SchedulerExtender.Host.Serving;

/// <summary>
/// Endpoint metadata saying which listener serves it: the API server and kube-scheduler call
/// over TLS; Prometheus and the kubelet's probes use plain HTTP. An endpoint asked for on the
/// other listener answers 404, as if it did not exist there.
/// </summary>
public sealed record ListenerScope(bool Tls)
{
    public static readonly ListenerScope TlsOnly = new(true);
    public static readonly ListenerScope PlainOnly = new(false);
}
