namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>
/// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (and the optional
/// ALIBABA_CLOUD_SECURITY_TOKEN), the variable names Alibaba Cloud's own tools use.
/// </summary>
public sealed class EnvironmentCredentialSource(Func<string, string?>? getVariable = null) : ICredentialSource
{
    public const string AccessKeyIdVariable = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public const string AccessKeySecretVariable = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public const string SecurityTokenVariable = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private readonly Func<string, string?> _getVariable = getVariable ?? Environment.GetEnvironmentVariable;

    public string Name => "environment";

    public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken)
    {
        var id = _getVariable(AccessKeyIdVariable);
        var secret = _getVariable(AccessKeySecretVariable);
        if (string.IsNullOrWhiteSpace(id) && string.IsNullOrWhiteSpace(secret))
        {
            return ValueTask.FromResult<AlibabaCredential?>(null);
        }

        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret))
        {
            throw new CredentialException($"Only one of {AccessKeyIdVariable} and {AccessKeySecretVariable} is set; set both or neither.");
        }

        return ValueTask.FromResult<AlibabaCredential?>(new AlibabaCredential(id.Trim(), secret.Trim(), _getVariable(SecurityTokenVariable)?.Trim()));
    }
}
