using SchedulerExtender.Host.Demo;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Host.Tests.Demo;

/// <summary>
/// <c>schedext serve --local</c> in process with every delay shortened (instances run in 0.4 s,
/// nodes register 0.5 s later, consolidation after 1 s, the instance list at most 0.5 s old), for scenario tests of seconds, not minutes.
/// </summary>
internal static class QuickLocalCluster
{
    public static Task<LocalCluster> StartAsync(IReadOnlyDictionary<string, string?> extraSettings, CancellationToken cancellationToken) =>
        StartAsync(Directory.CreateTempSubdirectory("schedext-demo-").FullName, extraSettings, adjust: null, cancellationToken);

    /// <summary>The same in <paramref name="folder"/> (certificate, NodePool files), with the options adjusted by the caller.</summary>
    public static Task<LocalCluster> StartAsync(
        string folder, IReadOnlyDictionary<string, string?> extraSettings, Func<LocalClusterOptions, LocalClusterOptions>? adjust, CancellationToken cancellationToken)
    {
        var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var settings = new ServeSettings { Local = true, HttpsUrl = "https://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0", TlsCertPath = cert, TlsKeyPath = key };
        var configuration = new Dictionary<string, string?>
        {
            ["Disruption:ValidationDelay"] = "00:00:01",
            ["Disruption:PollInterval"] = "00:00:00.500",
            ["Provisioner:InstanceListMaxAge"] = "00:00:00.500",
        };
        foreach (var (name, value) in extraSettings)
        {
            configuration[name] = value;
        }

        var options = new LocalClusterOptions
        {
            InstancePendingDuration = TimeSpan.FromMilliseconds(200),
            InstanceStartingDuration = TimeSpan.FromMilliseconds(200),
            BootDelay = TimeSpan.FromMilliseconds(500),
            ConsolidateAfter = TimeSpan.FromSeconds(1),
            QuietLogs = true,
            WorkFolder = folder,
            Settings = configuration,
        };
        return LocalCluster.StartAsync(settings, adjust?.Invoke(options) ?? options, cancellationToken);
    }
}
