using System.Globalization;
using System.Text.Json;

namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>
/// The RAM role attached to the ECS instance, from the instance metadata service in hardened mode:
/// a session token first (PUT /latest/api/token), then the role's STS credential. The credential is
/// cached and fetched again <see cref="RefreshBeforeExpiry"/> before its Expiration; if a refresh
/// fails while the cached credential is still valid, the cached one is used.
/// </summary>
public sealed class InstanceMetadataCredentialSource : ICredentialSource, IDisposable
{
    public static readonly Uri DefaultEndpoint = new("http://100.100.100.200");
    public const string TokenTtlHeader = "X-aliyun-ecs-metadata-token-ttl-seconds";
    public const string TokenHeader = "X-aliyun-ecs-metadata-token";
    private const string CredentialsPath = "latest/meta-data/ram/security-credentials/";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _roleName;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AlibabaCredential? _cached;

    /// <param name="http">Client for the metadata service (short timeout recommended).</param>
    /// <param name="endpoint">The metadata service; <see cref="DefaultEndpoint"/> on ECS.</param>
    /// <param name="roleName">The RAM role; null to use the one role attached to the instance.</param>
    public InstanceMetadataCredentialSource(HttpClient http, Uri? endpoint = null, string? roleName = null, TimeProvider? time = null)
    {
        _http = http;
        _endpoint = endpoint ?? DefaultEndpoint;
        _roleName = roleName;
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(6);

    public string Name => "instance RAM role";

    public async ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cached is { Expiration: { } fresh } && now < fresh - RefreshBeforeExpiry)
        {
            return _cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            now = _time.GetUtcNow();
            if (_cached is { Expiration: { } stillFresh } && now < stillFresh - RefreshBeforeExpiry)
            {
                return _cached;
            }

            try
            {
                _cached = await FetchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialException) when (_cached is { Expiration: { } usable } && now < usable)
            {
                // A failed refresh is not fatal while the old credential still works.
            }

            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<AlibabaCredential> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint, "latest/api/token"));
            tokenRequest.Headers.Add(TokenTtlHeader, ((int)TokenTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            var token = await SendAsync(tokenRequest, "session token", cancellationToken).ConfigureAwait(false);

            var role = _roleName;
            if (string.IsNullOrEmpty(role))
            {
                var roles = await GetAsync(CredentialsPath, token, "role name", cancellationToken).ConfigureAwait(false);
                role = roles.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                    ?? throw new CredentialException("The instance has no RAM role attached.");
            }

            var json = await GetAsync(CredentialsPath + Uri.EscapeDataString(role), token, "role credential", cancellationToken).ConfigureAwait(false);
            return Parse(json, role);
        }
        catch (HttpRequestException e)
        {
            throw new CredentialException($"The instance metadata service at {_endpoint} is unreachable ({e.HttpRequestError}).", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CredentialException($"The instance metadata service at {_endpoint} timed out.", e);
        }
    }

    private async Task<string> GetAsync(string path, string token, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint, path));
        request.Headers.Add(TokenHeader, token);
        return await SendAsync(request, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The body is not included: it could be anything, including a credential.
            throw new CredentialException($"The instance metadata service answered {(int)response.StatusCode} for the {what}.");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AlibabaCredential Parse(string json, string role)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Field("Code") is { } code && code != "Success")
            {
                throw new CredentialException($"The metadata service reports {code} for RAM role {role}.");
            }

            var id = Field("AccessKeyId");
            var secret = Field("AccessKeySecret");
            var token = Field("SecurityToken");
            var expiration = Field("Expiration");
            if (id is null || secret is null || token is null || expiration is null
                || !DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw new CredentialException($"The credential of RAM role {role} lacks AccessKeyId, AccessKeySecret, SecurityToken or a valid Expiration.");
            }

            return new AlibabaCredential(id, secret, token, expires);
        }
        catch (JsonException e)
        {
            throw new CredentialException($"The credential of RAM role {role} is not JSON.", e);
        }
    }
}
