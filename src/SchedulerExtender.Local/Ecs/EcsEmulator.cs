using System.Globalization;
using SchedulerExtender.Alibaba.Signing;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// An in-memory ECS (OpenAPI 2014-05-26) for tests, local mode and simulations. It checks
/// signatures, honours ClientToken idempotency, tags and paging, keeps stock per (type, zone,
/// capacity type), moves instances Pending → Starting → Running on its clock, announces spot
/// reclaims with an OperationLocks entry (LockReason Recycling) before releasing, and injects
/// faults from a seeded random source. Time comes only from <see cref="EcsEmulatorOptions.Time"/>.
/// <see cref="Handle"/> is the protocol; the other public members are the control surface.
/// </summary>
public sealed partial class EcsEmulator
{
    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _actionCounts = new(StringComparer.Ordinal);
    private EcsEmulatorFaults _faults;
    private long _sequence;

    public EcsEmulator(EcsEmulatorOptions? options = null)
    {
        Options = options ?? new EcsEmulatorOptions();
        Options.Faults.Validate();
        _faults = Options.Faults;
        _random = new Random(Options.Seed);
        _secrets[Options.AccessKeyId] = Options.AccessKeySecret;
        SeedNetwork();
    }

    public EcsEmulatorOptions Options { get; }

    public EcsEmulatorFaults Faults
    {
        get { lock (_lock) { return _faults; } }
        set { value.Validate(); lock (_lock) { _faults = value; } }
    }

    private DateTimeOffset Now => Options.Time.GetUtcNow();

    /// <summary>Accepts another AccessKey pair (for example a second tenant in a test).</summary>
    public void AddAccessKey(string accessKeyId, string accessKeySecret)
    {
        lock (_lock)
        {
            _secrets[accessKeyId] = accessKeySecret;
        }
    }

    /// <summary>How many authenticated requests of an action were received (including ones answered with a fault).</summary>
    public int CountOf(string action)
    {
        lock (_lock)
        {
            return _actionCounts.GetValueOrDefault(action);
        }
    }

    /// <summary>Answers one RPC request.</summary>
    public EcsEmulatorResponse Handle(EcsEmulatorRequest request)
    {
        lock (_lock)
        {
            ReleaseReclaimed();
            if (Authenticate(request) is { } denied)
            {
                return denied;
            }

            _actionCounts[request.Action] = _actionCounts.GetValueOrDefault(request.Action) + 1;
            if (_faults.ThrottleRate > 0 && _random.NextDouble() < _faults.ThrottleRate)
            {
                return Error(400, "Throttling.User", "Request was denied due to user flow control.");
            }

            var serverError = _faults.ServerErrorRate > 0 && _random.NextDouble() < _faults.ServerErrorRate;
            var afterCommit = serverError && request.Action == "RunInstances" && _random.NextDouble() < 0.5;
            if (serverError && !afterCommit)
            {
                return ServerError();
            }

            var response = Dispatch(request);
            return afterCommit && response.ErrorCode is null ? ServerError() : response;
        }
    }

    private EcsEmulatorResponse Dispatch(EcsEmulatorRequest request)
    {
        if (request.Action is not ("DescribeRegions" or "DescribeInstanceTypes") && RequireRegion(request) is { } badRegion)
        {
            return badRegion;
        }

        // ECS and VPC both have a DescribeVSwitches, so the signed Version parameter (not the
        // Host, which a test's single address cannot vary) decides which product answers.
        if (request["Version"] == VpcApiVersion)
        {
            return DispatchVpc(request);
        }

        return request.Action switch
        {
            "DescribeRegions" => DescribeRegions(),
            "DescribeZones" => DescribeZones(request),
            "DescribeInstanceTypes" => DescribeInstanceTypes(request),
            "DescribeAvailableResource" => DescribeAvailableResource(request),
            "DescribeSpotPriceHistory" => DescribeSpotPriceHistory(request),
            "DescribePrice" => DescribePrice(request),
            "RunInstances" => RunInstances(request),
            "DescribeInstances" => DescribeInstances(request),
            "DeleteInstances" => DeleteInstances(request),
            "DescribeVSwitches" => DescribeVSwitches(request),
            "DescribeSecurityGroups" => DescribeSecurityGroups(request),
            "DescribeImages" => DescribeImages(request),
            _ => Error(404, "InvalidAction.NotFound", $"Specified api is not found, please check your url and method: {request.Action}."),
        };
    }

    private EcsEmulatorResponse? Authenticate(EcsEmulatorRequest request)
    {
        var keyId = request["AccessKeyId"];
        if (string.IsNullOrEmpty(keyId) || !_secrets.TryGetValue(keyId, out var secret))
        {
            return Error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }

        if (request["Signature"] is not { } signature || request["SignatureNonce"] is not { Length: > 0 } nonce
            || request["SignatureMethod"] != OpenApiSignature.Method || request["SignatureVersion"] != OpenApiSignature.Version)
        {
            return Error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }

        var expected = OpenApiSignature.Sign(request.HttpMethod, request.Parameters, secret);
        if (!OpenApiSignature.Matches(expected, signature))
        {
            // Like ECS, the message repeats the server's string to sign (which holds any SecurityToken).
            return Error(400, "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation. server string to sign is:" + OpenApiSignature.StringToSign(request.HttpMethod, request.Parameters));
        }

        if (!_nonces.Add(nonce))
        {
            return Error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }

        return null;
    }

    private EcsEmulatorResponse? RequireRegion(EcsEmulatorRequest request)
    {
        var region = request["RegionId"];
        if (string.IsNullOrEmpty(region))
        {
            return Error(400, "MissingParameter", "The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.");
        }

        return Options.Catalog.Regions.Contains(region) ? null : Error(404, "InvalidRegionId.NotFound", $"The specified RegionId {region} does not exist.");
    }

    private EcsEmulatorResponse ServerError() => _random.NextDouble() < 0.5
        ? Error(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
        : Error(500, "InternalError", "The request processing has failed due to some unknown error, exception or failure.");

    private string NextRequestId() =>
        string.Create(CultureInfo.InvariantCulture, $"E0000000-0000-4000-8000-{++_sequence:D12}");

    private EcsEmulatorResponse Ok(Dictionary<string, object?> body)
    {
        body["RequestId"] = NextRequestId();
        return new EcsEmulatorResponse(200, body);
    }

    private EcsEmulatorResponse Error(int status, string code, string message) =>
        new(status, new Dictionary<string, object?>
        {
            ["RequestId"] = NextRequestId(),
            ["HostId"] = "ecs.emulator.local",
            ["Code"] = code,
            ["Message"] = message,
            ["Recommend"] = "",
        })
        { ErrorCode = code };

    private EcsEmulatorResponse InvalidParameter(string name, string? value) =>
        Error(400, "InvalidParameter", $"The specified parameter \"{name}\" is not valid: {value}.");

    /// <summary>Page slicing shared by the PageNumber/PageSize actions.</summary>
    private static (IReadOnlyList<T> Page, int Number, int Size)? Slice<T>(IReadOnlyList<T> all, EcsEmulatorRequest request, int defaultSize, int maxSize)
    {
        if (request.Int("PageNumber", 1) is not { } number || number < 1
            || request.Int("PageSize", defaultSize) is not { } size || size < 1 || size > maxSize)
        {
            return null;
        }

        return ([.. all.Skip((number - 1) * size).Take(size)], number, size);
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static object TagsJson(IReadOnlyDictionary<string, string> tags) => new Dictionary<string, object?>
    {
        ["Tag"] = tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Dictionary<string, object?> { ["TagKey"] = t.Key, ["TagValue"] = t.Value }).ToList(),
    };

    private static bool HasTags(IReadOnlyDictionary<string, string> have, IReadOnlyDictionary<string, string> want) =>
        want.All(t => have.TryGetValue(t.Key, out var v) && (t.Value.Length == 0 || v == t.Value));

    private static CapacityType CapacityOf(string? spotStrategy) =>
        spotStrategy is "SpotAsPriceGo" or "SpotWithPriceLimit" ? CapacityType.Spot : CapacityType.OnDemand;
}
