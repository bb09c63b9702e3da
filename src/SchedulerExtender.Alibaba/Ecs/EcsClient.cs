using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.OpenApi;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>
/// ECS OpenAPI (2014-05-26) client: RPC style, POST with a form body, signature V1. Errors are
/// decided on their Code: throttling and transient failures are retried with jittered backoff
/// (<see cref="EcsRetryPolicy"/>); everything else surfaces as <see cref="EcsApiException"/>.
/// Retrying RunInstances is safe because every launch carries a ClientToken. Logs name the action,
/// code and request ID, never parameters or credentials. The transport is shared with
/// <see cref="Vpc.VpcClient"/> (<see cref="RpcTransport"/>).
/// </summary>
public sealed partial class EcsClient
{
    private readonly RpcTransport _transport;
    private readonly EcsClientOptions _options;

    public EcsClient(HttpClient http, ICredentialSource credentials, EcsClientOptions options, TimeProvider? time = null, ILogger<EcsClient>? logger = null,
        ICloudApiObserver? observer = null)
    {
        _options = options;
        _transport = new RpcTransport(http, credentials, "ECS", EcsClientOptions.ApiVersion, options.EffectiveEndpoint, options.Retry,
            options.JitterSeed, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger<EcsClient>.Instance, observer);
    }

    public string RegionId => _options.RegionId;

    /// <summary>
    /// Calls an action and returns the response body's root. The common parameters (Format,
    /// Version, AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
    /// SecurityToken, Signature) are added here; a fresh nonce and timestamp per attempt.
    /// </summary>
    public Task<JsonElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(action, parameters, cancellationToken);
}
