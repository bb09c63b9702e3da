namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// One entry of a KubeSchedulerConfiguration's <c>extenders</c> list (kubescheduler.config.k8s.io/v1
/// Extender), with kube-scheduler's defaults: no verb means that phase is not called, weight 1,
/// httpTimeout 30 s. <see cref="CaBundle"/> is the PEM text of tlsConfig.caFile or caData.
/// </summary>
public sealed record ExtenderConfig
{
    public required string UrlPrefix { get; init; }

    public string? FilterVerb { get; init; }

    public string? PrioritizeVerb { get; init; }

    public long Weight { get; init; } = 1;

    public bool NodeCacheCapable { get; init; }

    public bool Ignorable { get; init; }

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string? CaBundle { get; init; }

    /// <summary>tlsConfig.caFile: read when <see cref="CaBundle"/> is not given.</summary>
    public string? CaFile { get; init; }

    /// <summary>The scale from the extender's 0..10 scores to the plugins' 0..100 (MaxNodeScore / MaxExtenderPriority).</summary>
    public const long ScoreScale = 100 / 10;

    public Uri VerbUri(string verb) => new($"{UrlPrefix.TrimEnd('/')}/{verb}");
}
