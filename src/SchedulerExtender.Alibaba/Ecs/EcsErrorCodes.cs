namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>
/// Classifies ECS error codes (the <c>Code</c> of <c>{RequestId, HostId, Code, Message}</c>).
/// The HTTP status is not used: ECS answers throttling and stock-outs with 4xx and 5xx alike.
/// </summary>
public static class EcsErrorCodes
{
    public const string NoStock = "OperationDenied.NoStock";
    public const string ZoneNotOnSale = "Zone.NotOnSale";
    public const string InstanceTypeOffline = "InstanceType.Offline";

    /// <summary>The vSwitch has no private address left for a new instance: no offering in its zone launches through it.</summary>
    public const string VSwitchIpNotEnough = "InvalidVSwitchId.IpNotEnough";

    /// <summary>The account's quota for the instance type in the region, or for vCPUs in the zone, is used up.</summary>
    public const string ElasticQuotaExceeded = "QuotaExceed.ElasticQuota";
    public const string Throttling = "Throttling";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string InternalError = "InternalError";

    /// <summary>Our own code for a request that got no HTTP answer (connection failure, timeout).</summary>
    public const string NetworkError = "NetworkError";
    public const string InstanceNotFound = "InvalidInstanceId.NotFound";
    public const string IdempotentParameterMismatch = "IdempotentParameterMismatch";
    public const string IdempotentProcessing = "IdempotentProcessing";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string AccessKeyNotFound = "InvalidAccessKeyId.NotFound";
    public const string SignatureNonceUsed = "SignatureNonceUsed";
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameter = "InvalidParameter";

    public static EcsErrorKind Classify(string? code) => code switch
    {
        null or "" => EcsErrorKind.Transient,
        // A used-up quota or vSwitch fails this offering as a stock-out does while another may
        // launch (Karpenter on AWS counts vCPU limits and subnets out of addresses as
        // insufficient capacity too): try the next one, remember this one for a while.
        NoStock or ZoneNotOnSale or "Zone.NotOpen" or InstanceTypeOffline or "InvalidResourceType.NotSupported"
            or "OperationDenied.NoSpotStock" or VSwitchIpNotEnough or ElasticQuotaExceeded => EcsErrorKind.NoStock,
        _ when code.StartsWith("InvalidInstanceType.", StringComparison.Ordinal) => EcsErrorKind.NoStock,
        _ when code.StartsWith(Throttling, StringComparison.Ordinal) => EcsErrorKind.Throttled,
        // A repeated nonce or a request still being processed for the same ClientToken: sending
        // again (with a new nonce) is exactly the right thing.
        ServiceUnavailable or InternalError or NetworkError or "UnknownError" or "InternalError.Dispatch" or SignatureNonceUsed
            or IdempotentProcessing => EcsErrorKind.Transient,
        InstanceNotFound or "InvalidInstanceId.NotExist" or "InvalidInstance.NotFound" => EcsErrorKind.NotFound,
        IdempotentParameterMismatch => EcsErrorKind.IdempotencyConflict,
        SignatureDoesNotMatch or AccessKeyNotFound or "InvalidAccessKeyId.Inactive" or "IncompleteSignature"
            or "InvalidSecurityToken.Expired" or "InvalidSecurityToken.Malformed" or "InvalidSecurityToken.MismatchWithAccessKey"
            or "InvalidTimeStamp.Expired" or "InvalidTimeStamp.Format" => EcsErrorKind.Auth,
        _ when code.StartsWith("Forbidden", StringComparison.Ordinal) => EcsErrorKind.Auth,
        _ => EcsErrorKind.Invalid,
    };
}
