namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>
/// An AccessKey pair, optionally temporary (STS: with a security token and an expiry). The secret
/// and token are never part of <see cref="ToString"/>; only the AccessKey ID (not a secret) is.
/// </summary>
public sealed class AlibabaCredential
{
    public AlibabaCredential(string accessKeyId, string accessKeySecret, string? securityToken = null, DateTimeOffset? expiration = null)
    {
        if (string.IsNullOrWhiteSpace(accessKeyId) || string.IsNullOrWhiteSpace(accessKeySecret))
        {
            throw new ArgumentException("An AccessKey ID and secret are both required.");
        }

        AccessKeyId = accessKeyId;
        AccessKeySecret = accessKeySecret;
        SecurityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken;
        Expiration = expiration;
    }

    public string AccessKeyId { get; }

    public string AccessKeySecret { get; }

    public string? SecurityToken { get; }

    /// <summary>When a temporary credential stops working; null for a permanent AccessKey.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <summary>Values that must never be shown: the secret and the token.</summary>
    public IEnumerable<string> SecretValues => SecurityToken is null ? [AccessKeySecret] : [AccessKeySecret, SecurityToken];

    public override string ToString() =>
        $"AccessKey {AccessKeyId} (secret redacted{(SecurityToken is null ? "" : ", STS token redacted")}{(Expiration is { } e ? $", expires {e:O}" : "")})";
}
