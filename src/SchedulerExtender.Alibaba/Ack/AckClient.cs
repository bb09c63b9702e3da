using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.OpenApi;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// Container Service for Kubernetes (ACK) OpenAPI 2015-12-15 client: ROA style, signed in the
/// Authorization header. Failures surface as <see cref="EcsApiException"/> with the service's
/// code (for example <c>ErrorClusterNotFound</c>), retried like every other cloud call when the
/// code says throttling or a transient failure.
/// </summary>
public sealed class AckClient
{
    public const string Service = "CS";
    private readonly RoaTransport _transport;

    public AckClient(HttpClient http, ICredentialSource credentials, AckClientOptions options, TimeProvider? time = null,
        ILogger<AckClient>? logger = null, ICloudApiObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        RegionId = options.RegionId;
        _transport = new RoaTransport(http, credentials, Service, AckClientOptions.ApiVersion, options.EffectiveEndpoint, options.Retry,
            options.JitterSeed, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger<AckClient>.Instance, observer);
    }

    public string RegionId { get; }

    /// <summary>
    /// DescribeClusterAttachScripts: the shell command that joins an ECS instance to the cluster
    /// (it downloads ACK's attach_node.sh and runs it with a short-lived join token). The API
    /// answers with the command as a JSON string; a bare text body is accepted too.
    /// </summary>
    public async Task<string> DescribeClusterAttachScriptsAsync(AttachScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ClusterId);
        const string action = "DescribeClusterAttachScripts";
        var body = await _transport.InvokeAsync(HttpMethod.Post, $"/clusters/{Uri.EscapeDataString(request.ClusterId)}/attachscript", action,
            JsonSerializer.Serialize(Body(request)), cancellationToken).ConfigureAwait(false);
        var script = ReadScript(body);
        return string.IsNullOrWhiteSpace(script)
            ? throw new EcsApiException(action, "InvalidResponse", "the attach script is empty", null, 200)
            : script;
    }

    /// <summary>The JSON body with the API's field names; absent optional values are left out.</summary>
    private static Dictionary<string, object> Body(AttachScriptRequest request)
    {
        var body = new Dictionary<string, object>
        {
            ["format_disk"] = request.FormatDisk,
            ["keep_instance_name"] = request.KeepInstanceName,
        };
        foreach (var (name, value) in new[] { ("nodepool_id", request.NodePoolId), ("arch", request.Arch), ("options", request.Options) })
        {
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return body;
    }

    private static string ReadScript(string body)
    {
        var trimmed = body.Trim();
        if (!trimmed.StartsWith('"'))
        {
            return trimmed;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(trimmed) ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
