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
/// retried with jittered backoff by the <see cref="ApiCallRunner"/> it shares with ROA. Failures surface as <see cref="EcsApiException"/> whatever the
/// product. Logs name the product, action, code and request ID, never parameters or credentials.
/// </summary>
internal sealed class RpcTransport
{
    private readonly HttpClient _http;
    private readonly string _apiVersion;
    private readonly Uri _endpoint;
    private readonly ApiCallRunner _runner;

    public RpcTransport(HttpClient http, ICredentialSource credentials, string product, string apiVersion, Uri endpoint,
        EcsRetryPolicy retry, int? jitterSeed, TimeProvider time, ILogger logger, ICloudApiObserver? observer = null)
    {
        _http = http;
        _apiVersion = apiVersion;
        _endpoint = endpoint;
        _runner = new ApiCallRunner(product, credentials, retry, jitterSeed, time, logger, observer);
    }

    /// <summary>
    /// Calls an action and returns the response body's root. The common parameters (Format,
    /// Version, AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
    /// SecurityToken, Signature) are added here; a fresh nonce and timestamp per attempt.
    /// </summary>
    public Task<JsonElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        _runner.RunAsync(action, (credential, token) => SendOnceAsync(action, parameters, credential, token), cancellationToken);

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

    private async Task<JsonElement> SendOnceAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, AlibabaCredential credential, CancellationToken cancellationToken)
    {
        var all = new List<KeyValuePair<string, string>>(parameters.Count + 10)
        {
            new("Action", action),
            new("Format", "JSON"),
            new("Version", _apiVersion),
            new("AccessKeyId", credential.AccessKeyId),
            new("SignatureMethod", OpenApiSignature.Method),
            new("SignatureVersion", OpenApiSignature.Version),
            new("SignatureNonce", Guid.NewGuid().ToString("N")),
            new("Timestamp", _runner.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
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

        var response = await ApiCallRunner.SendAsync(_http, request, action, cancellationToken).ConfigureAwait(false);
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
}
