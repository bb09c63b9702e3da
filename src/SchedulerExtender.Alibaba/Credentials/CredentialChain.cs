using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>
/// Tries sources in order and uses the first one that is configured: by default the environment,
/// then a mounted secret directory, then the instance's RAM role.
/// </summary>
public sealed class CredentialChain : ICredentialSource
{
    private readonly IReadOnlyList<ICredentialSource> _sources;
    private readonly ILogger? _logger;
    private string? _lastSource;

    public CredentialChain(IReadOnlyList<ICredentialSource> sources, ILogger? logger = null)
    {
        _sources = sources.Count > 0 ? sources : throw new ArgumentException("A credential chain needs at least one source.", nameof(sources));
        _logger = logger;
    }

    public string Name => string.Join(" > ", _sources.Select(s => s.Name));

    /// <summary>The default chain: environment, the secret directory (when given), the instance RAM role.</summary>
    public static CredentialChain CreateDefault(HttpClient metadataHttp, string? secretDirectory, TimeProvider? time = null, ILogger? logger = null)
    {
        var sources = new List<ICredentialSource> { new EnvironmentCredentialSource() };
        if (!string.IsNullOrEmpty(secretDirectory))
        {
            sources.Add(new SecretFileCredentialSource(secretDirectory));
        }

        sources.Add(new InstanceMetadataCredentialSource(metadataHttp, time: time));
        return new CredentialChain(sources, logger);
    }

    public async ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            if (await source.TryGetAsync(cancellationToken).ConfigureAwait(false) is { } credential)
            {
                // Launches run side by side: swap and compare in one step so a change of source is logged once.
                if (Interlocked.Exchange(ref _lastSource, source.Name) != source.Name)
                {
                    _logger?.LogInformation("Alibaba Cloud credentials from {Source}: AccessKey {AccessKeyId}", source.Name, credential.AccessKeyId);
                }

                return credential;
            }
        }

        return null;
    }

    /// <summary>The credential, or a clear error naming every source tried.</summary>
    public async ValueTask<AlibabaCredential> GetAsync(CancellationToken cancellationToken) =>
        await TryGetAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new CredentialException($"No Alibaba Cloud credentials found (tried: {Name}).");
}
