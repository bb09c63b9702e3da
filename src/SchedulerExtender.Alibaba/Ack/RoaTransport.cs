using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.OpenApi;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// The ROA-style OpenAPI transport (Container Service 2015-12-15): a JSON body, the request signed
/// in the Authorization header (<see cref="RoaSignature"/>), errors decided on their code exactly
/// as for RPC (the same <see cref="EcsApiException"/> and <see cref="EcsErrorCodes"/> classes,
/// retried by the same <see cref="ApiCallRunner"/>). Nothing of the body, headers or credentials
/// is logged or put into exceptions.
/// </summary>
internal sealed class RoaTransport
{
    private const string Accept = "application/json";
    private const string ContentType = "application/json;charset=utf-8";
    private readonly HttpClient _http;
    private readonly string _apiVersion;
    private readonly Uri _endpoint;
    private readonly ApiCallRunner _runner;

    public RoaTransport(HttpClient http, ICredentialSource credentials, string product, string apiVersion, Uri endpoint,
        EcsRetryPolicy retry, int? jitterSeed, TimeProvider time, ILogger logger, ICloudApiObserver? observer)
    {
        _http = http;
        _apiVersion = apiVersion;
        _endpoint = endpoint;
        _runner = new ApiCallRunner(product, credentials, retry, jitterSeed, time, logger, observer);
    }

    /// <summary>Sends <paramref name="jsonBody"/> to <paramref name="path"/> and returns the response body as text.</summary>
    public Task<string> InvokeAsync(HttpMethod method, string path, string action, string? jsonBody, CancellationToken cancellationToken) =>
        _runner.RunAsync(action, (credential, token) => SendOnceAsync(method, path, action, jsonBody, credential, token), cancellationToken);

    private async Task<string> SendOnceAsync(HttpMethod method, string path, string action, string? jsonBody, AlibabaCredential credential, CancellationToken cancellationToken)
    {
        var bodyBytes = jsonBody is null ? null : Encoding.UTF8.GetBytes(jsonBody);
        var contentMd5 = bodyBytes is null ? null : RoaSignature.ContentMd5(bodyBytes);
        var date = _runner.Time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var acs = new List<KeyValuePair<string, string>>
        {
            new("x-acs-signature-method", RoaSignature.Method),
            new("x-acs-signature-nonce", Guid.NewGuid().ToString("N")),
            new("x-acs-signature-version", RoaSignature.Version),
            new("x-acs-version", _apiVersion),
        };
        if (credential.SecurityToken is { } token)
        {
            acs.Add(new("x-acs-security-token", token));
        }

        var signed = new RoaSignedHeaders(Accept, contentMd5, bodyBytes is null ? null : ContentType, date, acs);
        var signature = RoaSignature.Sign(RoaSignature.StringToSign(method.Method, signed, path, []), credential.AccessKeySecret);

        using var request = new HttpRequestMessage(method, new Uri(_endpoint, path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        request.Headers.TryAddWithoutValidation("Date", date);
        request.Headers.TryAddWithoutValidation("Authorization", RoaSignature.Authorization(credential.AccessKeyId, signature));
        foreach (var (name, value) in acs)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (bodyBytes is not null)
        {
            request.Content = new ByteArrayContent(bodyBytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            request.Content.Headers.TryAddWithoutValidation("Content-MD5", contentMd5);
        }

        using var response = await ApiCallRunner.SendAsync(_http, request, action, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return status < 300 ? body : throw Error(action, status, body, credential);
    }

    /// <summary>
    /// ACK's own errors are <c>{code, message, requestId, status}</c>; the API gateway's (signature,
    /// throttling) are <c>{Code, Message, RequestId}</c> as for RPC. Both are read.
    /// </summary>
    private static EcsApiException Error(string action, int status, string body, AlibabaCredential credential)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && Field(root, "Code", "code") is { Length: > 0 } code)
            {
                var message = Field(root, "Message", "message") ?? "";
                return new EcsApiException(action, code, RpcTransport.Redact(message, credential), Field(root, "RequestId", "requestId"), status);
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML page or a truncated body: only the status is known.
        }

        // The code is unknown, so a 5xx is treated as transient.
        var fallback = status >= 500 ? EcsErrorCodes.ServiceUnavailable : "InvalidResponse";
        return new EcsApiException(action, fallback, $"an error status without an error code ({body.Length} bytes)", null, status);
    }

    private static string? Field(JsonElement root, string pascal, string camel) =>
        (root.TryGetProperty(pascal, out var value) || root.TryGetProperty(camel, out value)) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
