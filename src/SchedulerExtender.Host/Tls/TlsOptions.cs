namespace SchedulerExtender.Host.Tls;

/// <summary>Configuration section <c>Tls</c>.</summary>
public sealed class TlsOptions
{
    /// <summary>How often the certificate files are checked for a rotation.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}
