using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Ack;

/// <summary>
/// An in-memory Container Service for Kubernetes (ACK, OpenAPI 2015-12-15, ROA style) with the
/// one action the provisioner uses: DescribeClusterAttachScripts. It checks the ROA signature
/// (Authorization header, x-acs-* headers, Date skew, Content-MD5, nonce reuse) and answers with
/// a one-line attach command shaped like ACK's (download attach_node.sh, run it with a one-time
/// <c>--openapi-token</c>), as a JSON string. ACK's own errors are <c>{code, message, requestId,
/// status}</c>; authentication errors come in the gateway's <c>{Code, Message, RequestId}</c>.
/// </summary>
public sealed partial class AckEmulator
{
    public const string KubernetesVersion = "1.31.1-aliyun.1";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _actionCounts = new(StringComparer.Ordinal);
    private readonly Queue<(int Status, string Code)> _failures = new();
    private readonly Random _random;
    private long _sequence;

    public AckEmulator(AckEmulatorOptions? options = null, int seed = 0)
    {
        Options = options ?? new AckEmulatorOptions();
        _secrets[Options.AccessKeyId] = Options.AccessKeySecret;
        _random = new Random(seed);
    }

    public AckEmulatorOptions Options { get; }

    /// <summary>Adds a cluster (and its node pools) that attach scripts can be asked for.</summary>
    public void AddCluster(string clusterId, params string[] nodePoolIds)
    {
        lock (_lock)
        {
            _clusters[clusterId] = new HashSet<string>(nodePoolIds, StringComparer.Ordinal);
        }
    }

    public void AddAccessKey(string accessKeyId, string accessKeySecret)
    {
        lock (_lock)
        {
            _secrets[accessKeyId] = accessKeySecret;
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated requests fail with this code (throttling, outages).</summary>
    public void FailNext(int count, int status, string code)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue((status, code));
            }
        }
    }

    /// <summary>How many authenticated requests of an action were received (including failed ones).</summary>
    public int CountOf(string action)
    {
        lock (_lock)
        {
            return _actionCounts.GetValueOrDefault(action);
        }
    }

    public EcsEmulatorResponse Handle(AckEmulatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (Authenticate(request) is { } denied)
            {
                return denied;
            }

            var match = AttachScriptPath().Match(request.Path);
            if (request.HttpMethod != "POST" || !match.Success)
            {
                return AckError(404, "ErrorApiNotFound", $"{request.HttpMethod} {request.Path} is not an API of this emulator.");
            }

            _actionCounts["DescribeClusterAttachScripts"] = _actionCounts.GetValueOrDefault("DescribeClusterAttachScripts") + 1;
            if (_failures.TryDequeue(out var failure))
            {
                return GatewayError(failure.Status, failure.Code, "Injected failure.");
            }

            return DescribeClusterAttachScripts(Uri.UnescapeDataString(match.Groups["cluster"].Value), request.Body);
        }
    }

    private EcsEmulatorResponse DescribeClusterAttachScripts(string clusterId, byte[] body)
    {
        if (!_clusters.TryGetValue(clusterId, out var nodePools))
        {
            return AckError(404, "ErrorClusterNotFound", $"Cluster {clusterId} not found.");
        }

        string? nodePool = null, arch = null;
        try
        {
            if (body.Length > 0)
            {
                using var document = JsonDocument.Parse(body);
                nodePool = Optional(document.RootElement, "nodepool_id");
                arch = Optional(document.RootElement, "arch");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return AckError(400, "ErrorParameterInvalid", "The request body is not a valid JSON object.");
        }

        if (arch is not (null or "amd64" or "arm" or "arm64"))
        {
            return AckError(400, "ErrorParameterInvalid", $"arch {arch} is not one of amd64, arm, arm64.");
        }

        if (nodePool is not null && !nodePools.Contains(nodePool))
        {
            return AckError(404, "ErrorNodePoolNotFound", $"Node pool {nodePool} not found in cluster {clusterId}.");
        }

        var region = Options.RegionId;
        var token = string.Create(CultureInfo.InvariantCulture, $"{_random.NextInt64():x16}{_random.NextInt64():x16}");
        var script = $"curl -fsSL http://aliacs-k8s-{region}.oss-{region}-internal.aliyuncs.com/public/pkg/run/attach/{KubernetesVersion}/{arch ?? "amd64"}/attach_node.sh | bash -s -- --openapi-token {token} --ess true"
            + (nodePool is null ? "" : $" --nodepool-id {nodePool}");
        return new EcsEmulatorResponse(200, script);
    }

    private EcsEmulatorResponse? Authenticate(AckEmulatorRequest request)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null || !authorization.StartsWith("acs ", StringComparison.Ordinal) || authorization.IndexOf(':', StringComparison.Ordinal) < 0)
        {
            return GatewayError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }

        var (keyId, signature) = (authorization[4..authorization.IndexOf(':', StringComparison.Ordinal)], authorization[(authorization.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        if (!_secrets.TryGetValue(keyId, out var secret))
        {
            return GatewayError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }

        if (request.Header("x-acs-signature-method") != RoaSignature.Method || request.Header("x-acs-signature-version") != RoaSignature.Version
            || request.Header("x-acs-signature-nonce") is not { Length: > 0 } nonce)
        {
            return GatewayError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }

        if (request.Header("x-acs-version") != AckClientOptions.ApiVersion)
        {
            return GatewayError(400, "InvalidVersion", $"Specified parameter Version is not valid: {request.Header("x-acs-version")}.");
        }

        if (!DateTimeOffset.TryParseExact(request.Header("Date"), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || (date - Options.Time.GetUtcNow()).Duration() > Options.MaxClockSkew)
        {
            return GatewayError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired or not within the allowed skew.");
        }

        if (request.Body.Length > 0 && request.Header("Content-MD5") != RoaSignature.ContentMd5(request.Body))
        {
            return GatewayError(400, "InvalidContentMD5", "The Content-MD5 header does not match the body.");
        }

        var signed = new RoaSignedHeaders(request.Header("Accept"), request.Header("Content-MD5"), request.Header("Content-Type"), request.Header("Date"),
            [.. request.Headers.Where(h => h.Key.StartsWith(RoaSignature.HeaderPrefix, StringComparison.OrdinalIgnoreCase))]);
        var stringToSign = RoaSignature.StringToSign(request.HttpMethod, signed, request.Path, request.Query);
        if (!RoaSignature.Matches(RoaSignature.Sign(stringToSign, secret), signature))
        {
            // Like the gateway, the message repeats the server's string to sign (it holds any x-acs-security-token).
            return GatewayError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }

        return _nonces.Add(nonce) ? null : GatewayError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private string NextRequestId() => string.Create(CultureInfo.InvariantCulture, $"A0000000-0000-4000-8000-{++_sequence:D12}");

    private EcsEmulatorResponse AckError(int status, string code, string message) =>
        new(status, new Dictionary<string, object?> { ["code"] = code, ["message"] = message, ["requestId"] = NextRequestId(), ["status"] = status }) { ErrorCode = code };

    private EcsEmulatorResponse GatewayError(int status, string code, string message) =>
        new(status, new Dictionary<string, object?> { ["RequestId"] = NextRequestId(), ["HostId"] = "cs.emulator.local", ["Code"] = code, ["Message"] = message }) { ErrorCode = code };

    [GeneratedRegex("^/clusters/(?<cluster>[^/]+)/attachscript/?$")]
    private static partial Regex AttachScriptPath();
}
