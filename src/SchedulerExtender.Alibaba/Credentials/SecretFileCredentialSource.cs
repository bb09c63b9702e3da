namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>
/// A mounted Kubernetes secret: a directory holding the files <c>access-key-id</c>,
/// <c>access-key-secret</c> and optionally <c>security-token</c>. Read on every call (cheap), so a
/// rotated secret is picked up without a restart.
/// </summary>
public sealed class SecretFileCredentialSource(string directory) : ICredentialSource
{
    public const string AccessKeyIdFile = "access-key-id";
    public const string AccessKeySecretFile = "access-key-secret";
    public const string SecurityTokenFile = "security-token";

    public string Name => "secret file";

    public async ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken)
    {
        var idPath = Path.Combine(directory, AccessKeyIdFile);
        var secretPath = Path.Combine(directory, AccessKeySecretFile);
        if (!File.Exists(idPath) && !File.Exists(secretPath))
        {
            return null;
        }

        if (!File.Exists(idPath) || !File.Exists(secretPath))
        {
            throw new CredentialException($"Secret directory {directory} must hold both {AccessKeyIdFile} and {AccessKeySecretFile}.");
        }

        var id = (await File.ReadAllTextAsync(idPath, cancellationToken).ConfigureAwait(false)).Trim();
        var secret = (await File.ReadAllTextAsync(secretPath, cancellationToken).ConfigureAwait(false)).Trim();
        var tokenPath = Path.Combine(directory, SecurityTokenFile);
        var token = File.Exists(tokenPath) ? (await File.ReadAllTextAsync(tokenPath, cancellationToken).ConfigureAwait(false)).Trim() : null;
        if (id.Length == 0 || secret.Length == 0)
        {
            throw new CredentialException($"Secret directory {directory}: {AccessKeyIdFile} or {AccessKeySecretFile} is empty.");
        }

        return new AlibabaCredential(id, secret, token);
    }
}
