namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>One place credentials can come from (environment, a mounted secret, the instance's RAM role).</summary>
public interface ICredentialSource
{
    /// <summary>A short name for logs ("environment", "secret file", "instance RAM role").</summary>
    string Name { get; }

    /// <summary>The current credential, or null when this source is not configured here.</summary>
    /// <exception cref="CredentialException">The source is configured but unusable.</exception>
    ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken);
}
