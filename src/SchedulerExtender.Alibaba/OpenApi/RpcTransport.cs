using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Signing;

namespace SchedulerExtender.Alibaba.OpenApi;

/// <summary>
/// The RPC-style OpenAPI transport that ECS (2014-05-26) and VPC (2016-04-28) share: POST with a
/// form body, signature V1, errors decided on their Code (both products use the same common
/// codes: Throttling*, ServiceUnavailable, signature errors), throttling and transient failures
/// retried with jittered backoff. Failures surface as <see cref="EcsApiException"/> whatever the
/// product. Logs name the product, action, code and request ID, never parameters or credentials.
/// </summary>
internal sealed partial class RpcTransport
{
    private readonly HttpClient _http;
    private readonly ICredentialSource _credentials;
    private readonly string _product;
    private readonly string _apiVersion;
    private readonly Uri _endpoint;
    private readonly EcsRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();

    public RpcTransport(HttpClient http, ICredentialSource credentials, string product, string apiVersion, Uri endpoint,
        EcsRetryPolicy retry, int? jitterSeed, TimeProvider time, ILogger logger)
    {
        _http = http;
        _credentials = credentials;
        _product = product;
        _apiVersion = apiVersion;
        _endpoint = endpoint;
        _retry = retry;
        _time = time;
        _logger = logger;
        _jitter = jitterSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>
    /// Calls an action and returns the response body's root. The common parameters (Format,
    /// Version, AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
    /// SecurityToken, Signature) are added here; a fresh nonce and timestamp per attempt.
    /// </summary>
    public async Task<JsonElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            EcsApiException failure;
            try
            {
                return await SendOnceAsync(action, parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (EcsApiException e)
            {
                failure = e;
            }

            if (!EcsRetryPolicy.IsRetryable(failure.Kind) || attempt >= _retry.MaxAttempts)
            {
                LogFailed(_product, action, failure.Code, failure.RequestId, attempt);
                throw failure;
            }

            var delay = _retry.DelayAfter(attempt, failure.Kind, NextUnitRandom());
            LogRetrying(_product, action, failure.Code, failure.RequestId, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every page of a PageNumber/PageSize/TotalCount action (page size 50, the maximum ECS and VPC accept).</summary>
    public async Task<IReadOnlyList<T>> AllPagesAsync<T>(string action, IReadOnlyList<KeyValuePair<string, string>> filters, Func<JsonElement, IEnumerable<T>> read, CancellationToken cancellationToken)
    {
        const int pageSize = 50;
        var all = new List<T>();
        for (var pageNumber = 1; ; pageNumber++)
        {
            var parameters = new List<KeyValuePair<string, string>>(filters)
            {
                new("PageNumber", pageNumber.ToString(CultureInfo.InvariantCulture)),
                new("PageSize", pageSize.ToString(CultureInfo.InvariantCulture)),
            };
            var root = await InvokeAsync(action, parameters, cancellationToken).ConfigureAwait(false);
            var page = read(root).ToList();
            all.AddRange(page);
            if (page.Count == 0 || pageNumber * pageSize >= EcsJson.Int(root, "TotalCount"))
            {
                return all;
            }
        }
    }

    private async Task<JsonElement> SendOnceAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        AlibabaCredential credential;
        try
        {
            credential = await _credentials.TryGetAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new CredentialException($"No Alibaba Cloud credentials found (tried: {_credentials.Name}).");
        }
        catch (CredentialException e)
        {
            throw new EcsApiException(action, "CredentialsUnavailable", e.Message, null, 0, e);
        }

        var all = new List<KeyValuePair<string, string>>(parameters.Count + 10)
        {
            new("Action", action),
            new("Format", "JSON"),
            new("Version", _apiVersion),
            new("AccessKeyId", credential.AccessKeyId),
            new("SignatureMethod", OpenApiSignature.Method),
            new("SignatureVersion", OpenApiSignature.Version),
            new("SignatureNonce", Guid.NewGuid().ToString("N")),
            new("Timestamp", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        };
        if (credential.SecurityToken is { } token)
        {
            all.Add(new("SecurityToken", token));
        }

        all.AddRange(parameters);
        all.Add(new("Signature", OpenApiSignature.Sign("POST", all, credential.AccessKeySecret)));

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new FormUrlEncodedContent(all),
        };

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new EcsApiException(action, EcsErrorCodes.NetworkError, e.HttpRequestError.ToString(), null, 0, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EcsApiException(action, EcsErrorCodes.NetworkError, "the request timed out", null, 0, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Decode(action, (int)response.StatusCode, body, credential);
        }
    }

    private static JsonElement Decode(string action, int status, string body, AlibabaCredential credential)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A proxy's HTML page or a truncated body: the code is unknown, so a 5xx is transient.
            var code = status >= 500 ? EcsErrorCodes.ServiceUnavailable : "InvalidResponse";
            throw new EcsApiException(action, code, $"the response body is not JSON ({body.Length} bytes)", null, status);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Code", out var codeElement)
            && codeElement.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(codeElement.GetString()))
        {
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "";
            var requestId = root.TryGetProperty("RequestId", out var r) ? r.GetString() : null;
            throw new EcsApiException(action, codeElement.GetString()!, Redact(message, credential), requestId, status);
        }

        if (status >= 400)
        {
            var code = status >= 500 ? EcsErrorCodes.ServiceUnavailable : "InvalidResponse";
            throw new EcsApiException(action, code, "an error status without an error code", null, status);
        }

        return root;
    }

    /// <summary>Removes the secret and token, raw and percent-encoded (once and twice), from a server message.</summary>
    public static string Redact(string message, AlibabaCredential credential)
    {
        foreach (var secret in credential.SecretValues)
        {
            var once = OpenApiSignature.PercentEncode(secret);
            foreach (var form in new[] { OpenApiSignature.PercentEncode(once), once, secret })
            {
                message = message.Replace(form, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private double NextUnitRandom()
    {
        lock (_jitterLock)
        {
            return _jitter.NextDouble();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} {Action} failed with {Code} (RequestId {RequestId}), attempt {Attempt}; retrying in {DelayMs:F0} ms")]
    private partial void LogRetrying(string product, string action, string code, string? requestId, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} {Action} failed with {Code} (RequestId {RequestId}) after {Attempt} attempt(s)")]
    private partial void LogFailed(string product, string action, string code, string? requestId, int attempt);
}
